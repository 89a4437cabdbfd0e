package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * DDIM (Song, Meng &amp; Ermon 2021, eq. 12) over the trailing {@link
 * NoiseSchedule#spacedTimesteps}, in VP scale. With {@code a = alphaBar(t)} and {@code a' =
 * alphaBar(t')} for the next, less noisy timestep {@code t'} (and {@code a' = 1} after the last
 * one, so the run ends on the clean prediction):
 *
 * <pre>
 *   x0     = (x_t - sqrt(1 - a) eps) / sqrt(a)
 *   sigma  = eta * sqrt((1 - a') / (1 - a)) * sqrt(1 - a / a')
 *   x_t'   = sqrt(a') x0 + sqrt(1 - a' - sigma^2) eps + sigma z,    z ~ N(0, 1)
 * </pre>
 *
 * <p>{@code eta = 0} is deterministic DDIM (a first-order solver of the probability-flow ODE);
 * {@code eta = 1} makes {@code sigma^2} the DDPM posterior variance (Ho et al. 2020, beta-tilde),
 * i.e. ancestral DDPM sampling on the spaced timesteps.
 *
 * @param eta how much fresh noise each step adds, 0 to 1
 */
public record DdimSampler(double eta) implements Sampler {

  public DdimSampler {
    if (!(eta >= 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta must lie in [0, 1]: " + eta);
    }
  }

  @Override
  public NDArray sample(SamplingRun run) {
    NoiseSchedule schedule = run.model().schedule();
    int[] timesteps = schedule.spacedTimesteps(run.steps());
    int first = run.firstStep(timesteps.length);
    try (NDManager scope = run.manager().newSubManager()) {
      NDArray noise = run.drawNoise(scope);
      NDArray x = run.initialVp(scope, noise, schedule.alphaBar(timesteps[first]));
      for (int i = first; i < timesteps.length; i++) {
        run.cancellation().throwIfCancelled();
        try (NDManager step = scope.newSubManager()) {
          x.attach(step);
          double a = schedule.alphaBar(timesteps[i]);
          double aNext = i + 1 < timesteps.length ? schedule.alphaBar(timesteps[i + 1]) : 1.0;
          NDArray eps = run.model().predictNoise(x, timesteps[i]);
          NDArray x0 = x.sub(eps.mul((float) Math.sqrt(1 - a))).div((float) Math.sqrt(a));
          run.listener().onStep(i + 1 - first, timesteps.length - first, x0);

          double sigma = eta * Math.sqrt((1 - aNext) / (1 - a) * (1 - a / aNext));
          double towardsNoise = Math.sqrt(Math.max(0, 1 - aNext - sigma * sigma));
          NDArray next = x0.mul((float) Math.sqrt(aNext)).add(eps.mul((float) towardsNoise));
          if (sigma > 0) {
            next = next.add(run.drawNoise(step).mul((float) sigma));
          }
          x = run.keepOutsideMask(next, noise, Math.sqrt(aNext), Math.sqrt(1 - aNext));
          x.attach(scope);
        }
      }
      x.attach(run.manager());
      return x;
    }
  }
}
