package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;

/**
 * Euler ancestral ("Euler a"), k-diffusion's {@code sample_euler_ancestral} with eta = 1, in sigma
 * space (see the package documentation). Each step from {@code sigma} to {@code sigma'} splits the
 * target level into a deterministic part {@code sigma_down} and fresh noise {@code sigma_up}:
 *
 * <pre>
 *   sigma_up   = min(sigma', sqrt(sigma'^2 (sigma^2 - sigma'^2) / sigma^2))
 *   sigma_down = sqrt(sigma'^2 - sigma_up^2)
 *   D          = denoise(x, sigma)
 *   x'         = D + (sigma_down / sigma) (x - D) + sigma_up z,    z ~ N(0, 1)
 * </pre>
 *
 * <p>The middle line is an Euler step of the probability-flow ODE {@code dx/dsigma = (x - D) /
 * sigma} (Karras et al. 2022, eq. 3) from sigma to sigma_down. The last step (sigma' = 0) adds no
 * noise and returns D.
 *
 * @param spacing where the noise levels lie
 */
public record EulerAncestralSampler(SigmaSpacing spacing) implements Sampler {

  /**
   * Linspace spacing, as k-diffusion and most UIs use for "Euler a". (On the trailing spacing this
   * sampler computes the same as DDPM, {@code DdimSampler(1)}: with eta = 1 the two update rules
   * coincide.)
   */
  public EulerAncestralSampler() {
    this(SigmaSpacing.LINSPACE);
  }

  public EulerAncestralSampler {
    Objects.requireNonNull(spacing, "spacing");
  }

  @Override
  public NDArray sample(SamplingRun run) {
    double[] sigmas = spacing.sigmas(run.model().schedule(), run.steps());
    int steps = sigmas.length - 1;
    int first = run.firstStep(steps);
    try (NDManager scope = run.manager().newSubManager()) {
      NDArray noise = run.drawNoise(scope);
      NDArray x = SigmaSpace.initialSample(run, scope, noise, sigmas[first]);
      for (int i = first; i < steps; i++) {
        run.cancellation().throwIfCancelled();
        try (NDManager step = scope.newSubManager()) {
          x.attach(step);
          double sigma = sigmas[i];
          double sigmaNext = sigmas[i + 1];
          NDArray denoised = SigmaSpace.denoise(run.model(), x, sigma);
          run.listener().onStep(i + 1 - first, steps - first, denoised);

          double up =
              Math.min(
                  sigmaNext,
                  Math.sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext))
                      / sigma);
          double down = Math.sqrt(sigmaNext * sigmaNext - up * up);
          NDArray next = denoised.add(x.sub(denoised).mul((float) (down / sigma)));
          if (up > 0) {
            next = next.add(run.drawNoise(step).mul((float) up));
          }
          x = run.keepOutsideMask(next, noise, 1, sigmaNext);
          x.attach(scope);
        }
      }
      x.attach(run.manager());
      return x;
    }
  }
}
