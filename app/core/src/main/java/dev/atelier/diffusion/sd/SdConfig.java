package dev.atelier.diffusion.sd;

/**
 * What Atelier needs to know about a Stable-Diffusion-format export, kept in the {@code
 * architecture} part of its {@code model.json}. Defaults are SD 1.x's.
 *
 * @param latentChannels channels of the latent image (4)
 * @param vaeScale pixels per latent pixel along each side (8)
 * @param scalingFactor latents are divided by this before decoding (0.18215)
 * @param textLength tokens per prompt, padded or cut (77)
 * @param betaStart first β of the scaled-linear training schedule (0.00085)
 * @param betaEnd last β (0.012)
 * @param trainSteps schedule length (1000)
 * @param timestepType the UNet's timestep input type as traced: {@code int64} or {@code float32}
 */
public record SdConfig(
    int latentChannels,
    int vaeScale,
    double scalingFactor,
    int textLength,
    double betaStart,
    double betaEnd,
    int trainSteps,
    String timestepType) {

  public static SdConfig sd15() {
    return new SdConfig(4, 8, 0.18215, 77, 0.00085, 0.012, 1000, "int64");
  }
}
