package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.engine.EngineInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The samplers against analytic denoisers with known answers ({@link AnalyticDenoisers}), plus
 * determinism, cancellation and native memory.
 */
class SamplersTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);
  private static final NoiseSchedule DDPM = NoiseSchedule.linear(1000, 1e-4, 0.02);
  private static final Shape SMALL = new Shape(1, 8, 8);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = EngineInfo.pytorch().newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private float[] sample(Sampler sampler, SamplingRun run) {
    try (NDArray result = sampler.sample(run)) {
      assertThat(result.getManager()).isSameAs(manager);
      assertThat(result.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(result.getShape())
          .isEqualTo(new Shape(run.noise().variants()).addAll(run.variantShape()));
      return result.toFloatArray();
    }
  }

  private SamplingRun run(Denoiser denoiser, Shape variantShape, int steps, long... seeds) {
    return SamplingRun.of(
        GuidedModel.unguided(denoiser, null),
        NoiseSource.seeded(seeds),
        variantShape,
        steps,
        manager);
  }

  private static float[] pointTarget(Shape shape) {
    float[] target = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < target.length; i++) {
      target[i] = (float) (0.8 * Math.sin(0.7 * i));
    }
    return target;
  }

  private static double maxDeviation(float[] actual, float[] targetPerVariant) {
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - targetPerVariant[i % targetPerVariant.length]));
    }
    return max;
  }

  // ---- A single data point: every sampler must land on it, from any noise, in any step count.

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void singlePointDataIsRecoveredFromAnyNoise(SamplerKind kind) {
    float[] target = pointTarget(SMALL);
    Denoiser point = new AnalyticDenoisers.Point(SD, target, SMALL);
    for (int steps : new int[] {1, 3, 20}) {
      float[] result = sample(kind.create(), run(point, SMALL, steps, 5, -17, 123_456_789));
      // This denoiser's clean prediction is x0* for every input, so only float32 rounding
      // separates the result from it. DDIM ends on (x - sqrt(1-a) eps) / sqrt(a) of its last
      // step, which after a single step divides rounding errors of ~4 ulp(|x| ~ 4) by
      // sqrt(alphaBar(999)) = 0.068; the sigma-space samplers end on x - sigma eps, x up to ~15.
      double tolerance =
          kind == SamplerKind.DDIM || kind == SamplerKind.DDPM || kind == SamplerKind.LCM
              ? 1e-5
              : 2e-5;
      assertThat(maxDeviation(result, target)).as("%d steps", steps).isLessThan(tolerance);
    }
  }

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void listenerSeesEveryStepWithTheCleanPrediction(SamplerKind kind) {
    float[] target = pointTarget(SMALL);
    Denoiser point = new AnalyticDenoisers.Point(SD, target, SMALL);
    List<Integer> steps = new ArrayList<>();
    SamplingRun run =
        run(point, SMALL, 6, 1, 2)
            .withListener(
                (step, total, denoised) -> {
                  assertThat(total).isEqualTo(6);
                  assertThat(denoised.getShape()).isEqualTo(new Shape(2, 1, 8, 8));
                  assertThat(maxDeviation(denoised.toFloatArray(), target)).isLessThan(2e-5);
                  steps.add(step);
                });
    sample(kind.create(), run);
    assertThat(steps).containsExactly(1, 2, 3, 4, 5, 6);
  }

  /**
   * Every sampler starts where the model was trained to start: at the noisiest training step, from
   * the seeded N(0, 1) noise itself at VP scale (the sigma-space samplers scale it to sqrt(1 +
   * sigmaMax^2) and back, not to sigmaMax as k-diffusion does).
   */
  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void everySamplerStartsFromTheSeededNoiseAtTheLastTimestep(SamplerKind kind) {
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, MU, S);
    List<float[]> inputs = new ArrayList<>();
    List<float[]> timesteps = new ArrayList<>();
    Denoiser recording =
        new Denoiser() {
          @Override
          public NDArray predictNoise(NDArray x, NDArray t, NDArray conditioning) {
            inputs.add(x.toFloatArray());
            timesteps.add(t.toFloatArray());
            return gaussian.predictNoise(x, t, conditioning);
          }

          @Override
          public NoiseSchedule schedule() {
            return SD;
          }
        };
    sample(kind.create(), run(recording, SMALL, 4, 8, 9));
    float[] noise;
    try (NDArray z = NoiseSource.seeded(8, 9).next(manager, SMALL)) {
      noise = z.toFloatArray();
    }
    assertThat(timesteps.get(0)).containsExactly(999, 999);
    assertThat(maxDeviation(inputs.get(0), noise)).isLessThan(1e-6);
  }

  // ---- Gaussian data N(mu, s^2): the samplers must reproduce its distribution.

  private static final double MU = 0.7;
  private static final double S = 0.4;
  private static final Shape PIXELS = new Shape(1, 32, 32);
  private static final long[] SIXTEEN_SEEDS = LongStream.rangeClosed(1, 16).toArray();

  /**
   * 16 variants x 1024 values = 16384 samples, 250 steps on the DDPM schedule (whose last step has
   * alphaBar = 4e-5, so the N(0, 1) start matches the true marginal to 0.3% of s).
   *
   * <p>Tolerances: the sample mean has a standard error of s / 128 = 0.0031, so |mean - mu| &lt;
   * 0.0125 is 4 standard errors (measured: within 0.0022 for all four). The sample std has a
   * standard error of s / sqrt(2n) = 0.55% of s, and the samplers are biased low, which the lower
   * bound of 94% allows for: the last step returns E[x0 | x] at the last noise level (0.2% for 250
   * trailing steps), DDIM's first-order error (measured -1.4%), and the ancestral samplers lose
   * variance at every step because the posterior they sample from treats their x0 prediction as
   * certain (measured -4.0% at 250 steps, shrinking as 1 / steps; -13% at 50). DPM++ measures
   * -0.01%. A sampler that adds 10% too much or too little fresh noise fails here.
   *
   * <p>LCM takes at most 50 steps and, on a model that is not a consistency model, ends on the
   * posterior mean of its last, still noisy step; {@link LcmSamplerTest} checks it against the
   * exact moments of its own recurrence instead.
   */
  @ParameterizedTest
  @EnumSource(value = SamplerKind.class, names = "LCM", mode = EnumSource.Mode.EXCLUDE)
  void gaussianDataKeepsItsMeanAndSpread(SamplerKind kind) {
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(DDPM, MU, S);
    float[] result = sample(kind.create(), run(gaussian, PIXELS, 250, SIXTEEN_SEEDS));
    double mean = mean(result);
    double std =
        Math.sqrt(
            Arrays.stream(toDoubles(result)).map(v -> (v - mean) * (v - mean)).sum()
                / result.length);
    assertThat(mean).isCloseTo(MU, within(0.0125));
    assertThat(std / S).isBetween(0.94, 1.01);
  }

  /**
   * The deterministic samplers against the exact probability-flow ODE, sample by sample (no
   * statistics involved): for Gaussian data the flow is an affine map of the starting noise, see
   * {@link AnalyticDenoisers.Gaussian#exactOdeResult}. On the SD schedule, whose N(0, 1) start is
   * off the true marginal; the exact map accounts for that.
   */
  @Test
  void deterministicSamplersFollowTheExactProbabilityFlow() {
    AnalyticDenoisers.Gaussian gaussian = new AnalyticDenoisers.Gaussian(SD, MU, S);
    float[] start;
    try (NDArray noise = NoiseSource.seeded(SIXTEEN_SEEDS).next(manager, PIXELS)) {
      start = noise.toFloatArray();
    }

    // DPM-Solver++(2M), second order: 50 Karras steps get within 4.1e-3 (1.4e-4 at 250 steps);
    // the first-order update alone would be off by ~5e-2.
    float[] dpm = sample(new DpmPp2mSampler(), run(gaussian, PIXELS, 50, SIXTEEN_SEEDS));
    double sigmaLast = SD.karrasSigmas(50, 7)[49];
    assertThat(maxDeviationFromFlow(dpm, start, gaussian, sigmaLast)).isLessThan(6e-3);

    // On the trailing spacing the step-size ratio r varies, which checks the extrapolation weights:
    // 20 steps get within 1.9e-3; with 1/(2r) mistaken for r/2 the error would be 2.6e-2.
    float[] dpmTrailing =
        sample(new DpmPp2mSampler(SigmaSpacing.TRAILING), run(gaussian, PIXELS, 20, SIXTEEN_SEEDS));
    sigmaLast = SD.sigma(SD.spacedTimesteps(20)[19]);
    assertThat(maxDeviationFromFlow(dpmTrailing, start, gaussian, sigmaLast)).isLessThan(5e-3);

    // DDIM, first order: 250 trailing steps get within 1.9e-2 (5e-2 at 50 steps).
    float[] ddim = sample(new DdimSampler(0), run(gaussian, PIXELS, 250, SIXTEEN_SEEDS));
    sigmaLast = SD.sigma(SD.spacedTimesteps(250)[249]);
    assertThat(maxDeviationFromFlow(ddim, start, gaussian, sigmaLast)).isLessThan(2.5e-2);
  }

  /**
   * Two update rules written independently, DDIM's eq. 12 with eta = 1 in VP scale and
   * k-diffusion's Euler ancestral step in sigma space, are the same map on the same noise levels
   * (the ancestral split sigma_up^2 is the DDPM posterior variance in sigma units), drawing the
   * same noise.
   */
  @Test
  void eulerAncestralAndDdpmAgreeOnTheSameTimesteps() {
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, MU, S);
    float[] ddpm = sample(new DdimSampler(1), run(gaussian, SMALL, 25, 3, 4));
    float[] euler =
        sample(new EulerAncestralSampler(SigmaSpacing.TRAILING), run(gaussian, SMALL, 25, 3, 4));
    double max = 0;
    for (int i = 0; i < ddpm.length; i++) {
      max = Math.max(max, Math.abs(ddpm[i] - euler[i]));
    }
    assertThat(max).isLessThan(1e-4);
  }

  private static double maxDeviationFromFlow(
      float[] result, float[] start, AnalyticDenoisers.Gaussian gaussian, double sigmaLast) {
    double max = 0;
    for (int i = 0; i < result.length; i++) {
      max = Math.max(max, Math.abs(result[i] - gaussian.exactOdeResult(start[i], sigmaLast)));
    }
    return max;
  }

  private static double mean(float[] values) {
    return Arrays.stream(toDoubles(values)).average().orElseThrow();
  }

  private static double[] toDoubles(float[] values) {
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      doubles[i] = values[i];
    }
    return doubles;
  }

  // ---- Determinism.

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void sameSeedsGiveBitIdenticalResultsAndVariantsAreIndependent(SamplerKind kind) {
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, MU, S);
    float[] first = sample(kind.create(), run(gaussian, SMALL, 12, 11, 22, 33));
    float[] again = sample(kind.create(), run(gaussian, SMALL, 12, 11, 22, 33));
    assertThat(again).containsExactly(first);

    float[] changed = sample(kind.create(), run(gaussian, SMALL, 12, 11, 99, 33));
    int n = Math.toIntExact(SMALL.size());
    assertThat(Arrays.copyOfRange(changed, 0, n)).containsExactly(Arrays.copyOfRange(first, 0, n));
    assertThat(Arrays.copyOfRange(changed, 2 * n, 3 * n))
        .containsExactly(Arrays.copyOfRange(first, 2 * n, 3 * n));
    assertThat(Arrays.copyOfRange(changed, n, 2 * n))
        .isNotEqualTo(Arrays.copyOfRange(first, n, 2 * n));
  }

  // ---- Cancellation.

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void cancellingStopsBeforeTheNextStepAndFreesEverything(SamplerKind kind) {
    AnalyticDenoisers.Counting model =
        new AnalyticDenoisers.Counting(new AnalyticDenoisers.Gaussian(SD, MU, S));
    AtomicBoolean cancelled = new AtomicBoolean();
    List<Integer> seen = new ArrayList<>();
    SamplingRun run =
        run(model, SMALL, 10, 1, 2)
            .withListener(
                (step, total, denoised) -> {
                  seen.add(step);
                  if (step == 3) {
                    cancelled.set(true);
                  }
                })
            .withCancellation(cancelled::get);

    assertThatThrownBy(() -> kind.create().sample(run)).isInstanceOf(CancellationException.class);
    assertThat(seen).containsExactly(1, 2, 3);
    assertThat(model.batchSizes).hasSize(3);
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  @Test
  void anAlreadyCancelledRunNeverCallsTheModel() {
    AnalyticDenoisers.Counting model =
        new AnalyticDenoisers.Counting(new AnalyticDenoisers.Gaussian(SD, MU, S));
    SamplingRun run = run(model, SMALL, 10, 1).withCancellation(() -> true);
    assertThatThrownBy(() -> new DpmPp2mSampler().sample(run))
        .isInstanceOf(CancellationException.class);
    assertThat(model.batchSizes).isEmpty();
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  // ---- Native memory.

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void liveArraysDoNotGrowWithTheStepCount(SamplerKind kind) {
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, MU, S);
    List<Integer> live = new ArrayList<>();
    // Everything the run holds lives in its own manager: the step's manager's parent.
    SamplingRun run =
        run(gaussian, SMALL, 40, 1, 2)
            .withListener(
                (step, total, denoised) ->
                    live.add(denoised.getManager().getParentManager().getManagedArrays().size()));
    sample(kind.create(), run);
    // The first step (no history yet) and the last (no fresh noise) may differ; every step in
    // between does the same work and must leave the same number of arrays alive.
    assertThat(live).hasSize(40);
    assertThat(live.subList(1, 39)).containsOnly(live.get(1));
  }

  @Test
  void hundredRunsLeaveNothingButTheCallersArrays() {
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, MU, S);
    NDArray cond = manager.create(new float[] {1, 2}, new Shape(2, 1));
    NDArray uncond = manager.create(new float[] {0, 0}, new Shape(2, 1));
    GuidedModel guided = GuidedModel.guided(gaussian, cond, uncond, 4.0);
    SamplerKind[] kinds = SamplerKind.values();
    for (int i = 0; i < 100; i++) {
      SamplingRun run = SamplingRun.of(guided, NoiseSource.seeded(i, i + 1), SMALL, 5, manager);
      sample(kinds[i % kinds.length].create(), run);
    }
    // getManagedArrays() walks the sub-managers too, so a leftover step or run manager holding
    // arrays would show here; the resource count (DJL prints it, there is no getter) also catches
    // empty leftover sub-managers.
    assertThat(manager.getManagedArrays()).containsExactlyInAnyOrder(cond, uncond);
    assertThat(manager.toString()).endsWith("Resource size: 2");
  }
}
