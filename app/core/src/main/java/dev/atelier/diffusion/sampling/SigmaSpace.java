package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The bridge between the VP-scale {@link GuidedModel} and the sigma-space (variance-exploding)
 * samplers of Karras et al. 2022: a sample {@code x} at noise level sigma is {@code x = x0 + sigma
 * eps}, which is the VP sample scaled by {@code sqrt(1 + sigma^2)} (k-diffusion's {@code
 * CompVisDenoiser}).
 */
final class SigmaSpace {

  private SigmaSpace() {}

  /**
   * The starting point at {@code sigma}: the N(0, 1) {@code noise} of VP scale (the marginal of
   * unit-variance data at the noisiest step), scaled to sigma space by {@code sqrt(1 + sigma^2)};
   * or, when the run starts from a clean sample (image-to-image), {@code clean + sigma noise}. A
   * new array on {@code manager}; {@code noise} stays open (inpainting re-noises with it).
   */
  static NDArray initialSample(SamplingRun run, NDManager manager, NDArray noise, double sigma) {
    if (run.start() != null) {
      return run.mix(manager, noise, 1, sigma);
    }
    return noise.mul((float) Math.sqrt(1 + sigma * sigma));
  }

  /**
   * The denoiser {@code D(x; sigma) = x - sigma eps(x / sqrt(1 + sigma^2), t(sigma))}: the model's
   * estimate of x0, with t the continuous timestep of sigma.
   */
  static NDArray denoise(GuidedModel model, NDArray x, double sigma) {
    NDArray vp = x.div((float) Math.sqrt(1 + sigma * sigma));
    double t = model.schedule().timestepForSigma(sigma);
    return x.sub(model.predictNoise(vp, t).mul((float) sigma));
  }
}
