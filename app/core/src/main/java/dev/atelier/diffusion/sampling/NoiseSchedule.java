package dev.atelier.diffusion.sampling;

import java.util.Arrays;

/**
 * A discrete DDPM noise schedule of {@code T} training steps (Ho et al. 2020): step {@code t} adds
 * noise so that {@code x_t = sqrt(alphaBar(t)) x0 + sqrt(1 - alphaBar(t)) eps}.
 *
 * <p>The same schedule seen in sigma space (Karras et al. 2022): {@code x_t / sqrt(alphaBar(t)) =
 * x0 + sigma(t) eps} with {@code sigma(t) = sqrt((1 - alphaBar(t)) / alphaBar(t))}. Between the
 * trained steps, timesteps and sigmas are related by linear interpolation in {@code log sigma}, as
 * in k-diffusion's {@code DiscreteSchedule}; that is how the sigma-space samplers (Euler ancestral,
 * DPM++) ask a discrete model about noise levels it was never trained on exactly.
 *
 * <p>All constants are doubles; the samplers cast per-step coefficients to float32. Immutable.
 */
public final class NoiseSchedule {

  private final double[] alphasCumprod;
  private final double[] logSigmas;

  private NoiseSchedule(double[] betas) {
    alphasCumprod = new double[betas.length];
    logSigmas = new double[betas.length];
    double product = 1.0;
    for (int t = 0; t < betas.length; t++) {
      if (!(betas[t] > 0 && betas[t] < 1)) {
        throw new IllegalArgumentException("beta[" + t + "] must lie in (0, 1): " + betas[t]);
      }
      product *= 1.0 - betas[t];
      alphasCumprod[t] = product;
      logSigmas[t] = Math.log(sigmaOf(product));
    }
  }

  /**
   * The original DDPM schedule: betas evenly spaced from {@code betaStart} to {@code betaEnd} (Ho
   * et al. use 1000 steps, 1e-4 to 0.02).
   */
  public static NoiseSchedule linear(int trainingSteps, double betaStart, double betaEnd) {
    return new NoiseSchedule(linspace(betaStart, betaEnd, checkSteps(trainingSteps)));
  }

  /**
   * The Stable Diffusion schedule: square roots of the betas evenly spaced, {@code betas =
   * linspace(sqrt(betaStart), sqrt(betaEnd), T)^2} (SD 1.x and 2.x: 1000 steps, 0.00085 to 0.012).
   */
  public static NoiseSchedule scaledLinear(int trainingSteps, double betaStart, double betaEnd) {
    double[] betas = linspace(Math.sqrt(betaStart), Math.sqrt(betaEnd), checkSteps(trainingSteps));
    for (int t = 0; t < betas.length; t++) {
      betas[t] *= betas[t];
    }
    return new NoiseSchedule(betas);
  }

  /**
   * The cosine schedule of Nichol &amp; Dhariwal 2021: {@code beta_t = 1 - f((t+1)/T) / f(t/T)}
   * with {@code f(u) = cos((u + s) / (1 + s) * pi / 2)^2}, {@code s = 0.008}, each clipped at 0.999
   * so that the last step keeps some signal. Unclipped, {@code alphaBar(t) = f((t+1)/T) / f(0)}.
   */
  public static NoiseSchedule cosine(int trainingSteps) {
    int steps = checkSteps(trainingSteps);
    double[] betas = new double[steps];
    for (int t = 0; t < steps; t++) {
      double f0 = cosineAlphaBar((double) t / steps);
      double f1 = cosineAlphaBar((double) (t + 1) / steps);
      betas[t] = Math.min(1.0 - f1 / f0, 0.999);
    }
    return new NoiseSchedule(betas);
  }

  /** T, the number of discrete training steps. */
  public int trainingSteps() {
    return alphasCumprod.length;
  }

  /** {@code alphas_cumprod[t]}: the fraction of signal variance left after step {@code t}. */
  public double alphaBar(int t) {
    return alphasCumprod[checkTimestep(t)];
  }

  /** {@code sqrt((1 - alphaBar(t)) / alphaBar(t))}: the noise level of step t in sigma space. */
  public double sigma(int t) {
    return sigmaOf(alphasCumprod[checkTimestep(t)]);
  }

  /** The noise level of the first training step, {@code sigma(0)}. */
  public double sigmaMin() {
    return sigma(0);
  }

  /** The noise level of the last training step, {@code sigma(T - 1)}. */
  public double sigmaMax() {
    return sigma(trainingSteps() - 1);
  }

  /**
   * The continuous timestep whose noise level is {@code sigma}: linear interpolation in log sigma
   * between the two neighbouring training steps. Exact for the trained sigmas ({@code
   * timestepForSigma(sigma(t)) == t}); sigmas outside [sigmaMin, sigmaMax] map to 0 and T-1.
   */
  public double timestepForSigma(double sigma) {
    double logSigma = Math.log(sigma);
    int last = trainingSteps() - 1;
    if (!(logSigma > logSigmas[0])) { // also catches sigma = 0 and NaN
      return 0;
    }
    if (logSigma >= logSigmas[last]) {
      return last;
    }
    int found = Arrays.binarySearch(logSigmas, logSigma);
    // Largest low with logSigmas[low] <= logSigma, so that logSigma lies in [low, low + 1).
    int low = found >= 0 ? found : -found - 2;
    double w = (logSigma - logSigmas[low]) / (logSigmas[low + 1] - logSigmas[low]);
    return low + w;
  }

  /**
   * The noise level at a continuous timestep, the inverse of {@link #timestepForSigma}: linear
   * interpolation in log sigma; t is clamped to [0, T-1].
   */
  public double sigmaForTimestep(double t) {
    int last = trainingSteps() - 1;
    double clamped = Math.clamp(t, 0.0, last);
    int low = Math.min((int) Math.floor(clamped), last - 1);
    double w = clamped - low;
    return Math.exp(logSigmas[low] + w * (logSigmas[low + 1] - logSigmas[low]));
  }

  /**
   * {@code steps} training timesteps, descending, with "trailing" spacing (Lin et al. 2024, as
   * diffusers' {@code timestep_spacing="trailing"}): {@code t_i = round(T - i * T / steps) - 1} for
   * {@code i = 0 .. steps-1}, rounding half to even as numpy does. The first is always T-1, so
   * sampling starts from the noisiest trained step; e.g. T=1000, 50 steps: 999, 979, ..., 19.
   *
   * @throws IllegalArgumentException unless 1 &lt;= steps &lt;= T
   */
  public int[] spacedTimesteps(int steps) {
    int total = trainingSteps();
    if (steps < 1 || steps > total) {
      throw new IllegalArgumentException(
          "steps must be between 1 and " + total + " for this schedule: " + steps);
    }
    double stride = (double) total / steps;
    int[] timesteps = new int[steps];
    for (int i = 0; i < steps; i++) {
      timesteps[i] = (int) Math.rint(total - i * stride) - 1;
    }
    return timesteps;
  }

  /**
   * The noise levels of Karras et al. 2022, eq. 5: {@code sigma_i = (sigmaMax^(1/rho) + i/(n-1) *
   * (sigmaMin^(1/rho) - sigmaMax^(1/rho)))^rho} for {@code i = 0 .. n-1} ({@code n = steps}; rho =
   * 7 in the paper), followed by a final 0.
   *
   * @return {@code steps + 1} sigmas, from sigmaMax down to sigmaMin, then 0
   */
  public double[] karrasSigmas(int steps, double rho) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1: " + steps);
    }
    if (!(rho > 0)) {
      throw new IllegalArgumentException("rho must be positive: " + rho);
    }
    double maxRoot = Math.pow(sigmaMax(), 1 / rho);
    double minRoot = Math.pow(sigmaMin(), 1 / rho);
    double[] sigmas = new double[steps + 1];
    for (int i = 0; i < steps; i++) {
      double ramp = steps == 1 ? 0 : (double) i / (steps - 1);
      sigmas[i] = Math.pow(maxRoot + ramp * (minRoot - maxRoot), rho);
    }
    return sigmas;
  }

  /**
   * The noise levels of the given training timesteps, followed by a final 0.
   *
   * @return {@code timesteps.length + 1} sigmas
   */
  public double[] sigmasFor(int[] timesteps) {
    double[] sigmas = new double[timesteps.length + 1];
    for (int i = 0; i < timesteps.length; i++) {
      sigmas[i] = sigma(timesteps[i]);
    }
    return sigmas;
  }

  private static double sigmaOf(double alphaBar) {
    return Math.sqrt((1.0 - alphaBar) / alphaBar);
  }

  private static double cosineAlphaBar(double u) {
    double s = 0.008;
    double c = Math.cos((u + s) / (1 + s) * Math.PI / 2);
    return c * c;
  }

  /** numpy.linspace: n evenly spaced values, both ends included. */
  private static double[] linspace(double start, double end, int n) {
    double[] values = new double[n];
    double step = (end - start) / (n - 1);
    for (int i = 0; i < n - 1; i++) {
      values[i] = start + i * step;
    }
    values[n - 1] = end;
    return values;
  }

  private static int checkSteps(int trainingSteps) {
    if (trainingSteps < 2) {
      throw new IllegalArgumentException("A schedule needs at least 2 steps: " + trainingSteps);
    }
    return trainingSteps;
  }

  private int checkTimestep(int t) {
    if (t < 0 || t >= alphasCumprod.length) {
      throw new IndexOutOfBoundsException(
          "timestep " + t + " outside [0, " + (alphasCumprod.length - 1) + "]");
    }
    return t;
  }
}
