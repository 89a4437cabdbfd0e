package dev.atelier.diffusion.sd.checkpoint;

/**
 * A model family: what decides the network code, the text encoders and the constants. A new family
 * (SDXL next) is a constant here, its detection rule in {@link ArchitectureDetector}, and its
 * network; the record it is described by ({@link DetectedCheckpoint}) already carries several text
 * encoders and the UNet's extra conditioning input.
 */
public enum Family {
  SD1("Stable Diffusion 1.x", true, 0.18215),
  SD2("Stable Diffusion 2.x", false, 0.18215),
  SDXL("Stable Diffusion XL", false, 0.13025),
  UNKNOWN("an unrecognised diffusion model", false, Double.NaN);

  private final String displayName;
  private final boolean supported;
  private final double vaeScalingFactor;

  Family(String displayName, boolean supported, double vaeScalingFactor) {
    this.displayName = displayName;
    this.supported = supported;
    this.vaeScalingFactor = vaeScalingFactor;
  }

  /** The family's name as artists know it. */
  public String displayName() {
    return displayName;
  }

  /** Whether Atelier runs this family. */
  public boolean supported() {
    return supported;
  }

  /** Latents are multiplied by this after encoding and divided by it before decoding. */
  public double vaeScalingFactor() {
    return vaeScalingFactor;
  }
}
