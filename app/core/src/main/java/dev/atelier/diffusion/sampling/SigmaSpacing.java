package dev.atelier.diffusion.sampling;

/** How the sigma-space samplers place their noise levels between sigmaMax and 0. */
public enum SigmaSpacing {

  /**
   * The sigmas of {@link NoiseSchedule#spacedTimesteps} ("trailing": from T-1 down in equal
   * strides), then 0: the same levels DDIM visits.
   */
  TRAILING {
    @Override
    public double[] sigmas(NoiseSchedule schedule, int steps) {
      return schedule.sigmasFor(schedule.spacedTimesteps(steps));
    }
  },

  /**
   * k-diffusion's default ({@code DiscreteSchedule.get_sigmas}), the usual spacing of "Euler a":
   * timesteps evenly spaced from T-1 down to 0, fractional ones by log-sigma interpolation, then 0.
   */
  LINSPACE {
    @Override
    public double[] sigmas(NoiseSchedule schedule, int steps) {
      double last = schedule.trainingSteps() - 1;
      double[] sigmas = new double[steps + 1];
      for (int i = 0; i < steps; i++) {
        double t = steps == 1 ? last : last * (1 - (double) i / (steps - 1));
        sigmas[i] = schedule.sigmaForTimestep(t);
      }
      return sigmas;
    }
  },

  /**
   * Karras et al. 2022 (rho = 7): dense near sigmaMin, where detail forms. See {@link
   * NoiseSchedule#karrasSigmas}.
   */
  KARRAS {
    @Override
    public double[] sigmas(NoiseSchedule schedule, int steps) {
      return schedule.karrasSigmas(steps, 7.0);
    }
  };

  /**
   * @return {@code steps + 1} decreasing sigmas ending with 0
   */
  public abstract double[] sigmas(NoiseSchedule schedule, int steps);
}
