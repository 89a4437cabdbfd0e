package dev.atelier.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.LoraHashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch item as its run records it: JSON with every value resolved, the files as absolute paths
 * with their SHA-256. Fields added later are absent from the records of older runs, which read as
 * having none of those inputs.
 */
final class StoredItems {

  record Stored(
      String prompt,
      String negative,
      long seed,
      String sampler,
      int steps,
      double guidance,
      int width,
      int height,
      int variants,
      Integer line,
      StoredStart start,
      StoredMask mask,
      List<StoredLora> loras,
      StoredHires hires) {}

  record StoredStart(String file, String sha256, double strength) {}

  record StoredMask(String file, String sha256, int blur, boolean inverted) {}

  record StoredLora(String file, String sha256, double weight) {}

  record StoredHires(double scale, double strength) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private StoredItems() {}

  static String toJson(BatchItem item) {
    GenerationRequest r = item.settings();
    BatchItem.StartFile s = item.start();
    BatchItem.MaskFile m = item.mask();
    try {
      return JSON.writeValueAsString(
          new Stored(
              r.prompt(),
              r.negativePrompt(),
              r.seed(),
              r.sampler().id(),
              r.steps(),
              r.guidance(),
              r.width(),
              r.height(),
              r.variants(),
              item.line(),
              s == null ? null : new StoredStart(s.file().toString(), s.sha256(), s.strength()),
              m == null
                  ? null
                  : new StoredMask(m.file().toString(), m.sha256(), m.blur(), m.inverted()),
              item.loras().isEmpty()
                  ? null
                  : item.loras().stream()
                      .map(l -> new StoredLora(l.file().toString(), l.sha256(), l.weight()))
                      .toList(),
              r.hires() == null ? null : new StoredHires(r.hires().scale(), r.hires().strength())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static BatchItem fromJson(String json) {
    Stored s;
    try {
      s = JSON.readValue(json, Stored.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored batch item is unreadable: " + json, e);
    }
    GenerationRequest settings =
        new GenerationRequest(
                s.prompt(),
                s.negative(),
                s.seed(),
                SamplerKind.fromId(s.sampler()),
                s.steps(),
                s.guidance(),
                s.width(),
                s.height(),
                s.variants(),
                0)
            .withHires(
                s.hires() == null
                    ? null
                    : new GenerationRequest.Hires(s.hires().scale(), s.hires().strength()));
    return new BatchItem(
        s.line() == null ? 0 : s.line(),
        settings,
        s.start() == null
            ? null
            : new BatchItem.StartFile(
                Path.of(s.start().file()), s.start().sha256(), s.start().strength()),
        s.mask() == null
            ? null
            : new BatchItem.MaskFile(
                Path.of(s.mask().file()), s.mask().sha256(), s.mask().blur(), s.mask().inverted()),
        s.loras() == null
            ? List.of()
            : s.loras().stream()
                .map(l -> new BatchItem.LoraFile(Path.of(l.file()), l.sha256(), l.weight()))
                .toList());
  }

  /**
   * Files' SHA-256, each worked out once (streamed) and kept while the file's size and modification
   * time stay the same: many items name the same picture or LoRA, and a LoRA may be hundreds of
   * megabytes.
   */
  static final class FileHashes implements BatchItem.FileHasher {
    private final Map<Path, LoraHashes> known = new HashMap<>();

    @Override
    public String sha256(Path file) {
      try {
        LoraHashes kept = known.get(file);
        if (kept != null
            && Files.size(file) == kept.size()
            && Files.getLastModifiedTime(file).toMillis() == kept.modifiedMillis()) {
          return kept.sha256();
        }
        LoraHashes hashes = LoraHashes.of(file);
        known.put(file, hashes);
        return hashes.sha256();
      } catch (NoSuchFileException e) {
        throw new BatchItem.ChangedInputException(file + " is gone");
      } catch (IOException e) {
        throw new BatchItem.ChangedInputException(file + " cannot be read: " + e.getMessage());
      }
    }
  }
}
