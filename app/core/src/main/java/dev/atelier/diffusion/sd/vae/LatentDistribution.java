package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.sampling.NoiseSource;

/**
 * What the VAE encoder says about an image: a diagonal Gaussian over unscaled latents, per element.
 * {@link #mean()} and {@link #logVariance()} are in the VAE's own units (the checkpoint's, before
 * the diffusion model's scaling factor); {@link #sample} and {@link #mode} return latents in the
 * diffusion model's units, ready for a sampler (img2img's starting point).
 *
 * @param mean (B, z, h, w)
 * @param logVariance (B, z, h, w), clamped to [−30, 20] as LDM does
 * @param scalingFactor the diffusion model's latent scale (0.18215 for SD 1.x)
 */
public record LatentDistribution(NDArray mean, NDArray logVariance, float scalingFactor) {

  /** LDM's clamp of the log-variance, which keeps exp(logvar / 2) finite. */
  static final float MIN_LOG_VARIANCE = -30f;

  static final float MAX_LOG_VARIANCE = 20f;

  /**
   * A draw {@code (mean + exp(logVariance / 2) · ε) · scalingFactor}, with ε from {@code noise}:
   * one variant per batch row, so a seed gives the same latent on every machine.
   *
   * @throws IllegalArgumentException when {@code noise} has not one variant per batch row
   */
  public NDArray sample(NoiseSource noise) {
    Shape s = mean.getShape();
    if (noise.variants() != s.get(0)) {
      throw new IllegalArgumentException(
          "Noise for " + noise.variants() + " variants, but " + s.get(0) + " images");
    }
    NDArray eps = noise.next(mean.getManager(), s.slice(1));
    NDArray spread = logVariance.mul(0.5f).exp().muli(eps);
    eps.close();
    return spread.addi(mean).muli(scalingFactor);
  }

  /** The most likely latent, {@code mean · scalingFactor}: a deterministic encoding. */
  public NDArray mode() {
    return mean.mul(scalingFactor);
  }
}
