package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.engine.EngineInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LCM sampler against closed forms: its timesteps and boundary scalings as diffusers' {@code
 * LCMScheduler} computes them, a whole run recomputed by hand in doubles, the distribution it makes
 * of Gaussian data, and the run contract (determinism, cancellation, memory). The shared contract
 * tests in {@link SamplersTest} and {@link GuidedModelTest} run it too.
 */
class LcmSamplerTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);
  private static final Shape SMALL = new Shape(1, 4, 4);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = EngineInfo.pytorch().newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  // ---- Timesteps and scalings.

  @Test
  void timestepsArePicksFromTheFiftyStepDistillationSchedule() {
    LcmSampler lcm = new LcmSampler();
    // Origin schedule 19, 39, ..., 999; reversed; indices floor(i * 50 / n).
    assertThat(lcm.timesteps(1000, 1)).containsExactly(999);
    assertThat(lcm.timesteps(1000, 2)).containsExactly(999, 499);
    assertThat(lcm.timesteps(1000, 4)).containsExactly(999, 759, 499, 259);
    // 50/8 = 6.25: indices 0, 6, 12, 18, 25, 31, 37, 43.
    assertThat(lcm.timesteps(1000, 8)).containsExactly(999, 879, 759, 639, 499, 379, 259, 139);
    // 50/3 = 16.67: indices 0, 16, 33.
    assertThat(lcm.timesteps(1000, 3)).containsExactly(999, 679, 339);
    int[] all = lcm.timesteps(1000, 50);
    assertThat(all[0]).isEqualTo(999);
    assertThat(all[49]).isEqualTo(19);
    for (int i = 1; i < 50; i++) {
      assertThat(all[i - 1] - all[i]).isEqualTo(20);
    }
  }

  @Test
  void anotherDistillationScheduleSkipsByItsOwnStride() {
    // k = 1000 / 8 = 125: origin 124, 249, ..., 999; 4 steps take indices 0, 2, 4, 6.
    assertThat(new LcmSampler(8, 10).timesteps(1000, 4)).containsExactly(999, 749, 499, 249);
    // k = 1000 / 30 = 33: origin 32, 65, ..., 989; 4 steps: indices 0, 7, 15, 22 of the reversed.
    assertThat(new LcmSampler(30, 10).timesteps(1000, 4)).containsExactly(989, 758, 494, 263);
  }

  @Test
  void stepsOutsideTheDistillationScheduleAreRefusedInWords() {
    LcmSampler lcm = new LcmSampler();
    assertThatThrownBy(() -> lcm.timesteps(1000, 51))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LCM takes 1 to 50 steps, not 51");
    assertThatThrownBy(() -> lcm.timesteps(1000, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lcm.timesteps(40, 4))
        .hasMessageContaining("do not fit a schedule of 40 training steps");
    assertThatThrownBy(() -> new LcmSampler(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LcmSampler(50, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SamplerKind.LCM.maxSteps()).isEqualTo(50);
    assertThat(SamplerKind.DDIM.maxSteps()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void boundaryScalingsFollowTheClosedForm() {
    LcmSampler lcm = new LcmSampler();
    // u = 10 t; c_skip = 0.25 / (u^2 + 0.25), c_out = u / sqrt(u^2 + 0.25).
    assertThat(lcm.skipScale(0)).isEqualTo(1.0);
    assertThat(lcm.outScale(0)).isEqualTo(0.0);
    assertThat(lcm.skipScale(999)).isCloseTo(0.25 / (9990.0 * 9990.0 + 0.25), within(1e-20));
    assertThat(lcm.outScale(259)).isCloseTo(2590 / Math.sqrt(2590.0 * 2590 + 0.25), within(1e-15));
    // At u = sigmaData the two weights are 1/2 and 1/sqrt(2).
    LcmSampler slow = new LcmSampler(50, 0.5 / 19);
    assertThat(slow.skipScale(19)).isCloseTo(0.5, within(1e-15));
    assertThat(slow.outScale(19)).isCloseTo(Math.sqrt(0.5), within(1e-15));
    // c_skip + c_out^2 = 1 at every t (the two are the cosine and sine of one angle, squared).
    for (int t : new int[] {1, 19, 139, 500, 999}) {
      assertThat(lcm.skipScale(t) + Math.pow(lcm.outScale(t), 2)).isCloseTo(1.0, within(1e-15));
    }
  }

  // ---- A whole run, recomputed by hand.

  /**
   * A model that knows the clean sample x0* ({@link AnalyticDenoisers.Point}: eps = (x - sqrt(a)
   * x0*) / sqrt(1 - a)) run through the sampler, against the same steps in doubles over the same
   * seeded noise: start z_0 at 999, then denoised_i = c_out x0* + c_skip x_i and x_{i+1} = sqrt(a')
   * denoised_i + sqrt(1 - a') z_{i+1}, the last step returning denoised. With a small timestep
   * scaling c_skip is large, so the noisy input's share is checked too.
   */
  @Test
  void aRunWithAnExactModelMatchesTheStepsComputedByHand() {
    float[] target = new float[Math.toIntExact(SMALL.size())];
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) (0.9 * Math.cos(1.3 * i));
    }
    Denoiser point = new AnalyticDenoisers.Point(SD, target, SMALL);
    for (LcmSampler lcm : new LcmSampler[] {new LcmSampler(), new LcmSampler(50, 0.002)}) {
      for (int steps : new int[] {1, 2, 4, 8}) {
        long[] seeds = {3, -8};
        List<float[]> seen = new ArrayList<>();
        SamplingRun run =
            SamplingRun.of(
                    GuidedModel.unguided(point, null),
                    NoiseSource.seeded(seeds),
                    SMALL,
                    steps,
                    manager)
                .withListener((step, total, denoised) -> seen.add(denoised.toFloatArray()));
        float[] result;
        try (NDArray out = lcm.sample(run)) {
          result = out.toFloatArray();
        }

        double[][] byHand = byHand(lcm, target, seeds, steps);
        assertThat(seen).hasSize(steps);
        for (int i = 0; i < steps; i++) {
          assertClose(seen.get(i), byHand[i], lcm + ", " + steps + " steps, step " + (i + 1));
        }
        assertClose(result, byHand[steps - 1], lcm + ", " + steps + " steps, result");
      }
    }
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  /** The denoised prediction of every step, in doubles; the last one is the result. */
  private double[][] byHand(LcmSampler lcm, float[] target, long[] seeds, int steps) {
    int[] ts = lcm.timesteps(1000, steps);
    NoiseSource noise = NoiseSource.seeded(seeds);
    double[] x = doubles(draw(noise));
    double[][] denoised = new double[steps][];
    for (int i = 0; i < steps; i++) {
      int t = ts[i];
      double[] d = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        d[j] = lcm.outScale(t) * target[j % target.length] + lcm.skipScale(t) * x[j];
      }
      denoised[i] = d;
      if (i + 1 < steps) {
        double aNext = SD.alphaBar(ts[i + 1]);
        float[] z = draw(noise);
        for (int j = 0; j < x.length; j++) {
          x[j] = Math.sqrt(aNext) * d[j] + Math.sqrt(1 - aNext) * z[j];
        }
      }
    }
    return denoised;
  }

  private float[] draw(NoiseSource noise) {
    try (NDArray z = noise.next(manager, SMALL)) {
      return z.toFloatArray();
    }
  }

  /**
   * float32 against doubles: x0 = (x - sqrt(1 - a) eps) / sqrt(a) divides rounding errors of a few
   * ulp(|x| ~ 4) by sqrt(alphaBar(999)) = 0.068, as in DDIM.
   */
  private static void assertClose(float[] actual, double[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - expected[i]));
    }
    assertThat(max).as(what).isLessThan(1e-5);
  }

  // ---- Gaussian data: the noise LCM injects, checked by its exact moments.

  /**
   * For data N(mu, s^2) the exact model's clean prediction is affine, E[x0 | x_t] = mu + g (x_t -
   * sqrt(a) mu) with g = sqrt(a) s^2 / (a s^2 + 1 - a), so every step maps a Gaussian to a Gaussian
   * and the result's mean and variance follow a recurrence. 16384 samples: the sample std has a
   * standard error of 0.55%. Without the fresh noise the result's spread would be a fraction of
   * this; with too much it would be larger.
   */
  @Test
  void gaussianDataGetsTheMeanAndSpreadItsRecurrencePredicts() {
    double mu = 0.7;
    double s = 0.4;
    Shape pixels = new Shape(1, 32, 32);
    long[] seeds = LongStream.rangeClosed(1, 16).toArray();
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, mu, s);
    for (int steps : new int[] {4, 50}) {
      LcmSampler lcm = new LcmSampler();
      float[] result;
      try (NDArray out =
          lcm.sample(
              SamplingRun.of(
                  GuidedModel.unguided(gaussian, null),
                  NoiseSource.seeded(seeds),
                  pixels,
                  steps,
                  manager))) {
        result = out.toFloatArray();
      }
      double[] expected = moments(lcm, steps, mu, s);
      double mean = Arrays.stream(doubles(result)).average().orElseThrow();
      double var =
          Arrays.stream(doubles(result)).map(v -> (v - mean) * (v - mean)).sum() / result.length;
      assertThat(mean).as("%d steps", steps).isCloseTo(expected[0], within(0.0125));
      assertThat(Math.sqrt(var) / Math.sqrt(expected[1]))
          .as("%d steps", steps)
          .isBetween(0.975, 1.025);
    }
  }

  /** Mean and variance of the result, starting from N(0, 1) at the first timestep. */
  private static double[] moments(LcmSampler lcm, int steps, double mu, double s) {
    int[] ts = lcm.timesteps(1000, steps);
    double mx = 0;
    double vx = 1;
    double md = 0;
    double vd = 0;
    for (int i = 0; i < steps; i++) {
      double a = SD.alphaBar(ts[i]);
      double g = Math.sqrt(a) * s * s / (a * s * s + 1 - a);
      double out = lcm.outScale(ts[i]);
      double skip = lcm.skipScale(ts[i]);
      md = out * (mu + g * (mx - Math.sqrt(a) * mu)) + skip * mx;
      vd = Math.pow(out * g + skip, 2) * vx;
      if (i + 1 < steps) {
        double aNext = SD.alphaBar(ts[i + 1]);
        mx = Math.sqrt(aNext) * md;
        vx = aNext * vd + 1 - aNext;
      }
    }
    return new double[] {md, vd};
  }

  private static double[] doubles(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  // ---- The run contract.

  @Test
  void oneStepIsOneEvaluationAndDrawsNoFurtherNoise() {
    AnalyticDenoisers.Counting model =
        new AnalyticDenoisers.Counting(new AnalyticDenoisers.Gaussian(SD, 0.2, 0.5));
    NoiseSource noise = NoiseSource.seeded(5);
    new LcmSampler()
        .sample(SamplingRun.of(GuidedModel.unguided(model, null), noise, SMALL, 1, manager))
        .close();
    assertThat(model.batchSizes).containsExactly(1L);
    // The source has handed out exactly the starting noise: its next draw is the stream's second.
    float[] next = draw(noise);
    NoiseSource fresh = NoiseSource.seeded(5);
    draw(fresh);
    assertThat(next).containsExactly(draw(fresh));
  }

  @Test
  void aCancelledRunStopsBeforeTheNextStepAndFreesEverything() {
    AnalyticDenoisers.Counting model =
        new AnalyticDenoisers.Counting(new AnalyticDenoisers.Gaussian(SD, 0.2, 0.5));
    boolean[] cancelled = {false};
    SamplingRun run =
        SamplingRun.of(GuidedModel.unguided(model, null), NoiseSource.seeded(1), SMALL, 4, manager)
            .withListener((step, total, denoised) -> cancelled[0] = step == 2)
            .withCancellation(() -> cancelled[0]);
    assertThatThrownBy(() -> new LcmSampler().sample(run))
        .isInstanceOf(CancellationException.class);
    assertThat(model.batchSizes).hasSize(2);
    assertThat(manager.getManagedArrays()).isEmpty();
  }
}
