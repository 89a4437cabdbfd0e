package dev.atelier.generate;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.sd.SdCheckpointModel;
import dev.atelier.diffusion.sd.lora.LoraFile;
import dev.atelier.diffusion.sd.lora.LoraReport;
import dev.atelier.diffusion.sd.lora.LoraUse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LoRA files a generation asks for, read once and kept while they stay unchanged on disk, and
 * merged into the model before it runs: a model whose merged set is already the one asked for is
 * left alone, any other set replaces it (from the checkpoint's own weights, so nothing adds up).
 */
final class LoraFiles implements AutoCloseable {

  private record Read(LoraFile file, long size, FileTime modified) {}

  private final Map<Path, Read> read = new HashMap<>();

  /**
   * Makes {@code chosen} the LoRAs merged into {@code model}.
   *
   * @return what was merged, per file (hash, weight, keys not applied)
   * @throws IllegalArgumentException when LoRAs are asked of a model that takes none
   * @throws dev.atelier.diffusion.sd.lora.LoraException when a file is not a LoRA for this model;
   *     the model's merged set is then unchanged
   */
  synchronized LoraReport apply(DiffusionModel model, List<GenerationRequest.LoraChoice> chosen) {
    CreativeOptions.requireTakesLoras(model, chosen);
    if (!(model instanceof SdCheckpointModel checkpoint)) {
      return LoraReport.NONE;
    }
    List<LoraUse> uses = new ArrayList<>();
    for (GenerationRequest.LoraChoice choice : chosen) {
      uses.add(new LoraUse(file(choice.file()), choice.weight()));
    }
    if (sameAsMerged(checkpoint.loras(), uses)) {
      return checkpoint.loras();
    }
    return checkpoint.setLoras(uses);
  }

  private static boolean sameAsMerged(LoraReport merged, List<LoraUse> uses) {
    if (merged.loras().size() != uses.size()) {
      return false;
    }
    for (int i = 0; i < uses.size(); i++) {
      LoraReport.Applied applied = merged.loras().get(i);
      LoraUse use = uses.get(i);
      if (!applied.sha256().equals(use.file().sha256())
          || Double.compare(applied.weight(), use.weight()) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The file read now, or kept from before when its size and modification time are the same. */
  private LoraFile file(Path path) {
    Path key = path.toAbsolutePath().normalize();
    Read kept = read.get(key);
    try {
      if (kept != null
          && Files.size(key) == kept.size()
          && Files.getLastModifiedTime(key).equals(kept.modified())) {
        return kept.file();
      }
      if (kept != null) {
        read.remove(key);
        kept.file().close();
      }
      long size = Files.exists(key) ? Files.size(key) : -1;
      FileTime modified = Files.exists(key) ? Files.getLastModifiedTime(key) : null;
      LoraFile file = LoraFile.read(key);
      read.put(key, new Read(file, size, modified));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    read.values().forEach(r -> r.file().close());
    read.clear();
  }
}
