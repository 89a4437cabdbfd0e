package dev.atelier.diffusion.sd.lora;

import java.util.Objects;

/**
 * One LoRA as the artist uses it: the file and its weight (the slider; 1 applies the LoRA as
 * trained, 0 not at all, negative values push the other way).
 */
public record LoraUse(LoraFile file, double weight) {

  public LoraUse {
    Objects.requireNonNull(file, "file");
  }
}
