package dev.atelier.diffusion;

import ai.djl.ndarray.NDArray;
import dev.atelier.diffusion.sampling.NoiseSchedule;

/**
 * A diffusion model as the samplers see it: an epsilon (noise) predictor trained on a discrete DDPM
 * schedule. Implemented once per model family (the built-in UNet, Stable Diffusion TorchScript
 * UNets).
 */
public interface Denoiser {

  /**
   * Predicts the noise in {@code x}.
   *
   * @param x noisy samples (B, C, H, W), float32, at variance-preserving scale: {@code x_t =
   *     sqrt(alphaBar(t)) x0 + sqrt(1 - alphaBar(t)) eps}
   * @param timesteps (B) float32 training timesteps in [0, T-1]; may be fractional (the sigma-space
   *     samplers ask for noise levels between the trained steps)
   * @param conditioning (B, ...) model-specific conditioning (text embeddings, class labels), or
   *     {@code null} for an unconditional model
   * @return a new (B, C, H, W) float32 array with the predicted noise {@code eps}. The caller takes
   *     ownership of it (attaches it to its own manager and closes it); intermediates should be
   *     created on {@code x.getManager()} so that they are released with the step
   */
  NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning);

  /** The schedule the model was trained on. */
  NoiseSchedule schedule();
}
