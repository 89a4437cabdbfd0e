package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Objects;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", algorithm 2; k-diffusion's {@code
 * sample_dpmpp_2m}), a deterministic second-order multistep solver of the probability-flow ODE in
 * sigma space (see the package documentation). With {@code lambda = -log sigma}, step size {@code h
 * = lambda' - lambda} and the previous step's {@code h_prev}:
 *
 * <pre>
 *   D   = denoise(x, sigma)
 *   r   = h_prev / h
 *   D'  = (1 + 1/(2r)) D - 1/(2r) D_prev        (D' = D on the first and on the last step)
 *   x'  = (sigma' / sigma) x + (1 - sigma' / sigma) D'
 * </pre>
 *
 * <p>The last line is the exact solution of the ODE from sigma to sigma' when the denoiser is
 * constant (the first-order, DDIM-like update, {@code 1 - sigma'/sigma = -expm1(-h)}); D' linearly
 * extrapolates the denoiser in lambda from the last two evaluations, so each step costs one model
 * evaluation. The last step (sigma' = 0) returns D.
 *
 * @param spacing where the noise levels lie
 */
public record DpmPp2mSampler(SigmaSpacing spacing) implements Sampler {

  /** Karras spacing: "DPM++ 2M Karras". */
  public DpmPp2mSampler() {
    this(SigmaSpacing.KARRAS);
  }

  public DpmPp2mSampler {
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
      NDArray previousDenoised = null;
      for (int i = first; i < steps; i++) {
        run.cancellation().throwIfCancelled();
        try (NDManager step = scope.newSubManager()) {
          x.attach(step);
          double sigma = sigmas[i];
          double sigmaNext = sigmas[i + 1];
          NDArray denoised = SigmaSpace.denoise(run.model(), x, sigma);
          run.listener().onStep(i + 1 - first, steps - first, denoised);

          NDArray target = denoised;
          if (previousDenoised != null) {
            previousDenoised.attach(step); // last used here
            if (sigmaNext > 0) {
              double h = Math.log(sigma / sigmaNext);
              double hPrevious = Math.log(sigmas[i - 1] / sigma);
              double c = h / (2 * hPrevious); // 1 / (2r)
              target = denoised.mul((float) (1 + c)).sub(previousDenoised.mul((float) c));
            }
          }
          double ratio = sigmaNext / sigma;
          x = x.mul((float) ratio).add(target.mul((float) (1 - ratio)));
          x = run.keepOutsideMask(x, noise, 1, sigmaNext);
          x.attach(scope);
          denoised.attach(scope);
          previousDenoised = denoised;
        }
      }
      x.attach(run.manager());
      return x;
    }
  }
}
