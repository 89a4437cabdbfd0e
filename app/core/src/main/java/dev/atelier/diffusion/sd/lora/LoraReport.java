package dev.atelier.diffusion.sd.lora;

import java.nio.file.Path;
import java.util.List;

/**
 * What a set of LoRAs did to a model: per file, in the order given, how many of its modules were
 * merged and which keys were not (with why), and the file's SHA-256 and weight for provenance.
 */
public record LoraReport(List<Applied> loras) {

  /** No LoRA: the model's own weights. */
  public static final LoraReport NONE = new LoraReport(List.of());

  public LoraReport {
    loras = List.copyOf(loras);
  }

  /**
   * One LoRA file as merged.
   *
   * @param file where it was read from
   * @param sha256 the SHA-256 of its bytes
   * @param weight the weight it was merged with
   * @param mergedModules how many of its modules changed a weight of the model
   * @param unmatched the keys that were not applied, and why
   */
  public record Applied(
      Path file, String sha256, double weight, int mergedModules, List<IgnoredKey> unmatched) {

    public Applied {
      unmatched = List.copyOf(unmatched);
    }

    /** The unmatched keys alone. */
    public List<String> unmatchedKeys() {
      return unmatched.stream().map(IgnoredKey::key).toList();
    }
  }

  public boolean isEmpty() {
    return loras.isEmpty();
  }
}
