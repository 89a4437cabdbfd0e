package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Latent Consistency Model multi-step sampling (Luo et al. 2023, "Latent Consistency Models",
 * algorithm 1; the schedule of diffusers' {@code LCMScheduler}), for models distilled into a
 * consistency function: LCM checkpoints and SD with an LCM-LoRA. Such a model maps any point of a
 * trajectory to its clean end in one evaluation, so 2 to 8 steps make a picture; guidance is weak
 * (about 1 to 2) or none. On an ordinary checkpoint it runs, but each step then only gets the
 * blurry posterior mean.
 *
 * <p><b>Timesteps.</b> The model was distilled on {@code originalSteps} evenly skipping timesteps
 * ({@code k = T / originalSteps}, e.g. 1000 / 50 = 20): {@code k-1, 2k-1, ..., T-1}, e.g. 19, 39,
 * ..., 999. A run of n steps takes, from that list in descending order, the entries at indices
 * {@code floor(i * originalSteps / n)} for {@code i = 0 .. n-1} (numpy's {@code linspace(0,
 * originalSteps, n, endpoint=False)}, floored): for 4 steps 999, 759, 499, 259.
 *
 * <p><b>Step.</b> With {@code a = alphaBar(t)}, {@code a' = alphaBar(t')} of the next timestep, the
 * boundary-condition scalings at {@code u = t * timestepScaling} and {@code sigmaData = 0.5}
 *
 * <pre>
 *   c_skip   = sigmaData^2 / (u^2 + sigmaData^2)
 *   c_out    = u / sqrt(u^2 + sigmaData^2)
 *   x0       = (x_t - sqrt(1 - a) eps) / sqrt(a)
 *   denoised = c_out x0 + c_skip x_t
 *   x_t'     = sqrt(a') denoised + sqrt(1 - a') z,    z ~ N(0, 1)
 * </pre>
 *
 * <p>The last step returns {@code denoised} itself and draws no noise, so a one-step run is a
 * single consistency evaluation. The listener hears {@code denoised} after every step.
 *
 * @param originalSteps the length of the distillation schedule, 50 for every published LCM
 * @param timestepScaling the factor on t in the boundary conditions, 10 in LCM's training
 *     <p>Image-to-image ({@link SamplingRun#start()}) runs the last steps × strength of these
 *     timesteps, from the picture noised to the first of them, as the other samplers do.
 *     (diffusers' LCM pipeline instead picks all n timesteps from the shortened distillation list;
 *     Atelier keeps one rule for every sampler, so the same settings run the same number of steps.)
 */
public record LcmSampler(int originalSteps, double timestepScaling) implements Sampler {

  /** The distillation schedule of published LCMs and LCM-LoRAs. */
  public static final int ORIGINAL_STEPS = 50;

  /** LCM's timestep scaling in the boundary conditions. */
  public static final double TIMESTEP_SCALING = 10.0;

  /** The data's standard deviation assumed by the boundary conditions. */
  public static final double SIGMA_DATA = 0.5;

  /** The defaults published LCMs were distilled with (50 original steps, scaling 10). */
  public LcmSampler() {
    this(ORIGINAL_STEPS, TIMESTEP_SCALING);
  }

  public LcmSampler {
    if (originalSteps < 1) {
      throw new IllegalArgumentException("originalSteps must be at least 1: " + originalSteps);
    }
    if (!(timestepScaling > 0 && Double.isFinite(timestepScaling))) {
      throw new IllegalArgumentException(
          "timestepScaling must be positive and finite: " + timestepScaling);
    }
  }

  /**
   * The descending timesteps of an n-step run on a schedule of {@code trainingSteps} (see the class
   * comment).
   *
   * @throws IllegalArgumentException unless 1 &lt;= steps &lt;= originalSteps &lt;= trainingSteps
   */
  public int[] timesteps(int trainingSteps, int steps) {
    if (originalSteps > trainingSteps) {
      throw new IllegalArgumentException(
          "LCM's "
              + originalSteps
              + " original steps do not fit a schedule of "
              + trainingSteps
              + " training steps");
    }
    if (steps < 1 || steps > originalSteps) {
      throw new IllegalArgumentException(
          "LCM takes 1 to " + originalSteps + " steps, not " + steps);
    }
    int skip = trainingSteps / originalSteps;
    double stride = (double) originalSteps / steps;
    int[] timesteps = new int[steps];
    for (int i = 0; i < steps; i++) {
      int fromTheEnd = (int) Math.floor(i * stride); // index into the descending list
      timesteps[i] = (originalSteps - fromTheEnd) * skip - 1;
    }
    return timesteps;
  }

  /** {@code c_skip} at timestep t: the weight of the noisy input in the consistency output. */
  public double skipScale(int t) {
    double u = t * timestepScaling;
    return SIGMA_DATA * SIGMA_DATA / (u * u + SIGMA_DATA * SIGMA_DATA);
  }

  /** {@code c_out} at timestep t: the weight of the model's clean prediction. */
  public double outScale(int t) {
    double u = t * timestepScaling;
    return u / Math.sqrt(u * u + SIGMA_DATA * SIGMA_DATA);
  }

  @Override
  public NDArray sample(SamplingRun run) {
    NoiseSchedule schedule = run.model().schedule();
    int[] timesteps = timesteps(schedule.trainingSteps(), run.steps());
    int last = timesteps.length - 1;
    int first = run.firstStep(timesteps.length);
    try (NDManager scope = run.manager().newSubManager()) {
      NDArray noise = run.drawNoise(scope);
      NDArray x = run.initialVp(scope, noise, schedule.alphaBar(timesteps[first]));
      for (int i = first; i <= last; i++) {
        run.cancellation().throwIfCancelled();
        try (NDManager step = scope.newSubManager()) {
          x.attach(step);
          int t = timesteps[i];
          double a = schedule.alphaBar(t);
          NDArray eps = run.model().predictNoise(x, t);
          NDArray x0 = x.sub(eps.mul((float) Math.sqrt(1 - a))).div((float) Math.sqrt(a));
          NDArray denoised = x0.mul((float) outScale(t)).add(x.mul((float) skipScale(t)));
          run.listener().onStep(i + 1 - first, timesteps.length - first, denoised);
          if (i < last) {
            double aNext = schedule.alphaBar(timesteps[i + 1]);
            NDArray next =
                denoised
                    .mul((float) Math.sqrt(aNext))
                    .add(run.drawNoise(step).mul((float) Math.sqrt(1 - aNext)));
            x = run.keepOutsideMask(next, noise, Math.sqrt(aNext), Math.sqrt(1 - aNext));
          } else {
            x = run.keepOutsideMask(denoised, noise, 1, 0);
          }
          x.attach(scope);
        }
      }
      x.attach(run.manager());
      return x;
    }
  }
}
