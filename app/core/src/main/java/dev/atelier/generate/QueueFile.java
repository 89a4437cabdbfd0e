package dev.atelier.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generations waiting their turn, kept in a file so that closing the studio loses none of them.
 * Each entry is a whole request with the model it is for. A start picture is kept as its file,
 * SHA-256 and strength: reading the queue back reads the picture again and leaves the entry out,
 * saying why, when the file is gone or is no longer the picture that was queued. An inpainting mask
 * is kept in the file itself (as its gray PNG, with its SHA-256 and blur), since a painted mask has
 * no file of its own. LoRA files are kept by name and read when the generation runs, as always.
 *
 * <p>The file is JSON ({@code {"version": 1, "entries": [...]}}) and is replaced atomically.
 */
public final class QueueFile {

  /** The format written; a file of another version is refused. */
  static final int VERSION = 1;

  /**
   * A waiting generation.
   *
   * @param modelId the model it runs with
   * @param request what it makes
   * @param startFile the file {@code request}'s start picture was read from; null when it has none
   */
  public record Entry(String modelId, GenerationRequest request, Path startFile) {
    public Entry {
      Objects.requireNonNull(modelId, "modelId");
      Objects.requireNonNull(request, "request");
      if ((request.start() == null) != (startFile == null)) {
        throw new IllegalArgumentException(
            "A queued generation with a start picture names its file, and only then");
      }
    }
  }

  /**
   * What was read back.
   *
   * @param entries the generations, in their order
   * @param leftOut one line for each entry that could not be restored, saying why
   */
  public record Contents(List<Entry> entries, List<String> leftOut) {
    public static final Contents EMPTY = new Contents(List.of(), List.of());
  }

  record Stored(int version, List<StoredEntry> entries) {}

  record StoredEntry(
      String model,
      String prompt,
      String negative,
      long seed,
      String sampler,
      int steps,
      double guidance,
      int width,
      int height,
      int variants,
      int previewEvery,
      StoredStart start,
      StoredMask mask,
      StoredHires hires,
      List<StoredLora> loras) {}

  record StoredStart(String file, String sha256, double strength) {}

  /** A mask as the base64 of its gray PNG ({@link dev.atelier.diffusion.GrayImage#toPng}). */
  record StoredMask(String png, String sha256, int blur) {}

  record StoredHires(double scale, double strength) {}

  record StoredLora(String file, double weight) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private QueueFile() {}

  /** Writes {@code entries} to {@code file} (an empty queue too), replacing it at once. */
  public static void write(Path file, List<Entry> entries) throws IOException {
    List<StoredEntry> stored = new ArrayList<>();
    for (Entry e : entries) {
      stored.add(store(e));
    }
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(new Stored(VERSION, stored)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads the queue back; a file that is not there is an empty queue.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file when it is not a queue this version writes
   */
  public static Contents read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Contents.EMPTY;
    }
    Stored stored;
    try {
      stored = JSON.readValue(bytes, Stored.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a queue of generations", e);
    }
    if (stored.version() != VERSION || stored.entries() == null) {
      throw new IllegalArgumentException(
          file + " is a queue of version " + stored.version() + "; this version reads " + VERSION);
    }
    List<Entry> entries = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (StoredEntry s : stored.entries()) {
      try {
        entries.add(restore(s));
      } catch (RuntimeException e) {
        leftOut.add("\"" + s.prompt() + "\": " + e.getMessage());
      }
    }
    return new Contents(List.copyOf(entries), List.copyOf(leftOut));
  }

  private static StoredEntry store(Entry e) {
    GenerationRequest r = e.request();
    StoredStart start =
        r.start() == null
            ? null
            : new StoredStart(
                e.startFile().toAbsolutePath().toString(),
                r.start().sha256(),
                r.start().strength());
    StoredMask mask =
        r.mask() == null
            ? null
            : new StoredMask(
                java.util.Base64.getEncoder().encodeToString(r.mask().mask().toPng()),
                r.mask().sha256(),
                r.mask().blur());
    StoredHires hires =
        r.hires() == null ? null : new StoredHires(r.hires().scale(), r.hires().strength());
    List<StoredLora> loras =
        r.loras().stream()
            .map(l -> new StoredLora(l.file().toAbsolutePath().toString(), l.weight()))
            .toList();
    return new StoredEntry(
        e.modelId(),
        r.prompt(),
        r.negativePrompt(),
        r.seed(),
        r.sampler().id(),
        r.steps(),
        r.guidance(),
        r.width(),
        r.height(),
        r.variants(),
        r.previewEvery(),
        start,
        mask,
        hires,
        loras);
  }

  private static Entry restore(StoredEntry s) {
    if (s.model() == null || s.prompt() == null || s.sampler() == null) {
      throw new IllegalArgumentException("the entry has no model, prompt or sampler");
    }
    GenerationRequest request =
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
            s.previewEvery());
    Path startFile = null;
    if (s.start() != null) {
      startFile = Path.of(s.start().file());
      GenerationRequest.StartImage picture = StartImages.read(startFile, s.start().strength());
      if (!picture.sha256().equals(s.start().sha256())) {
        throw new IllegalArgumentException(
            "its start picture " + startFile + " has changed since it was queued");
      }
      request = request.withStart(picture);
    }
    if (s.mask() != null) {
      request = request.withMask(mask(s.mask()));
    }
    if (s.hires() != null) {
      request =
          request.withHires(new GenerationRequest.Hires(s.hires().scale(), s.hires().strength()));
    }
    if (s.loras() != null && !s.loras().isEmpty()) {
      request =
          request.withLoras(
              s.loras().stream()
                  .map(l -> new GenerationRequest.LoraChoice(Path.of(l.file()), l.weight()))
                  .toList());
    }
    return new Entry(s.model(), request, startFile);
  }

  private static GenerationRequest.InpaintMask mask(StoredMask m) {
    if (m.png() == null || m.sha256() == null) {
      throw new IllegalArgumentException("its inpainting mask is incomplete");
    }
    byte[] png = java.util.Base64.getDecoder().decode(m.png());
    dev.atelier.diffusion.GrayImage gray =
        dev.atelier.diffusion.GrayImage.of(
            StartImages.decodeImage(png, "its inpainting mask", "a mask"));
    return new GenerationRequest.InpaintMask(gray, m.sha256(), m.blur());
  }
}
