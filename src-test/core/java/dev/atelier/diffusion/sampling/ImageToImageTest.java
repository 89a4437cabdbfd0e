package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.engine.EngineInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Image-to-image ({@link SamplingRun.Start}): which steps run, and that the first one sees the
 * start picture noised to exactly its own noise level, worked out here in closed form from the
 * betas (not through {@link NoiseSchedule}). Starting one index off (noising to the level of the
 * step before or after the first one run) is the usual mistake; these tests catch it.
 */
class ImageToImageTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);
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

  /** alphaBar(t) of SD's scaled-linear schedule: prod over i <= t of (1 - beta_i). */
  private static double alphaBarClosedForm(int t) {
    double lo = Math.sqrt(0.00085);
    double hi = Math.sqrt(0.012);
    double product = 1;
    for (int i = 0; i <= t; i++) {
      double root = lo + (hi - lo) * i / 999.0;
      product *= 1 - root * root;
    }
    return product;
  }

  @Test
  void theStepsRunAreStepsTimesStrengthRoundedDownAsDiffusersCountsThem() {
    assertThat(start(1.0).stepsRun(20)).isEqualTo(20);
    assertThat(start(0.75).stepsRun(20)).isEqualTo(15);
    assertThat(start(0.5).stepsRun(7)).isEqualTo(3);
    assertThat(start(0.29).stepsRun(100)).as("int(100 * 0.29) = int(28.999…)").isEqualTo(28);
    assertThatThrownBy(() -> start(0.05).stepsRun(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 20 steps");
    assertThatThrownBy(() -> start(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> start(1.01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> start(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  private SamplingRun.Start start(double strength) {
    return new SamplingRun.Start(manager.zeros(new Shape(1).addAll(SMALL)), strength);
  }

  /** Calls the point denoiser and records what each evaluation saw. */
  private static final class Recording implements Denoiser {
    final Denoiser inner;
    final List<float[]> inputs = new ArrayList<>();
    final List<Float> timesteps = new ArrayList<>();

    Recording(Denoiser inner) {
      this.inner = inner;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t, NDArray conditioning) {
      inputs.add(x.toFloatArray());
      timesteps.add(t.toFloatArray()[0]);
      return inner.predictNoise(x, t, conditioning);
    }

    @Override
    public NoiseSchedule schedule() {
      return SD;
    }
  }

  private static float[] picture() {
    float[] values = new float[64];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (0.9 * Math.cos(0.37 * i));
    }
    return values;
  }

  private static float[] seededNoise(NDManager manager, long seed) {
    try (NDArray z = NoiseSource.seeded(seed).next(manager, SMALL)) {
      return z.toFloatArray();
    }
  }

  @Test
  void ddimStartsAtTheFirstTimestepItRunsWithThePictureNoisedToThatTimestepsAlphaBar() {
    float[] target = picture();
    Recording model = new Recording(new AnalyticDenoisers.Point(SD, target, SMALL));
    float[] clean = picture();
    for (int i = 0; i < clean.length; i++) {
      clean[i] = -clean[i] * 0.5f; // a picture other than the data point
    }
    SamplingRun run =
        SamplingRun.of(
                GuidedModel.unguided(model, null), NoiseSource.seeded(42), SMALL, 10, manager)
            .withStart(
                new SamplingRun.Start(manager.create(clean, new Shape(1).addAll(SMALL)), 0.6));
    List<Integer> progress = new ArrayList<>();
    run = run.withListener((step, total, x0) -> progress.add(step * 100 + total));
    try (NDArray result = new DdimSampler(0).sample(run)) {
      // Trailing spacing for 10 steps: 999, 899, ..., 99; strength 0.6 runs the last 6.
      assertThat(model.timesteps).containsExactly(599f, 499f, 399f, 299f, 199f, 99f);
      assertThat(progress).containsExactly(106, 206, 306, 406, 506, 606);
      double a = alphaBarClosedForm(599);
      float[] z = seededNoise(manager, 42);
      float[] first = model.inputs.getFirst();
      for (int i = 0; i < first.length; i++) {
        double expected = Math.sqrt(a) * clean[i] + Math.sqrt(1 - a) * z[i];
        assertThat((double) first[i])
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6));
      }
      // The point denoiser knows the data: the run still lands on it.
      float[] out = result.toFloatArray();
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i]).isCloseTo(target[i], org.assertj.core.data.Offset.offset(2e-5f));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SamplerKind.class,
      names = {"DDIM", "DDPM", "LCM"},
      mode = EnumSource.Mode.EXCLUDE)
  void sigmaSpaceSamplersStartAtTheirFirstSigmaRunWithThePictureNoisedToIt(SamplerKind kind) {
    float[] target = picture();
    Recording model = new Recording(new AnalyticDenoisers.Point(SD, target, SMALL));
    float[] clean = new float[64];
    java.util.Arrays.fill(clean, 0.25f);
    int steps = 8;
    double strength = 0.5;
    SamplingRun run =
        SamplingRun.of(
                GuidedModel.unguided(model, null), NoiseSource.seeded(7), SMALL, steps, manager)
            .withStart(
                new SamplingRun.Start(manager.create(clean, new Shape(1).addAll(SMALL)), strength));
    try (NDArray result = kind.create().sample(run)) {
      assertThat(model.timesteps).as("4 of 8 steps run").hasSize(4);
      double[] sigmas = spacingOf(kind).sigmas(SD, steps);
      double sigma = sigmas[4];
      // What the model sees is VP scale: (clean + sigma z) / sqrt(1 + sigma^2), i.e. the forward
      // process at alphaBar = 1 / (1 + sigma^2).
      double a = 1 / (1 + sigma * sigma);
      float[] z = seededNoise(manager, 7);
      float[] first = model.inputs.getFirst();
      for (int i = 0; i < first.length; i++) {
        double expected = Math.sqrt(a) * clean[i] + Math.sqrt(1 - a) * z[i];
        assertThat((double) first[i])
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6));
      }
      assertThat((double) model.timesteps.getFirst())
          .isCloseTo(SD.timestepForSigma(sigma), org.assertj.core.data.Offset.offset(1e-3));
      float[] out = result.toFloatArray();
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i]).isCloseTo(target[i], org.assertj.core.data.Offset.offset(2e-5f));
      }
    }
  }

  private static SigmaSpacing spacingOf(SamplerKind kind) {
    return switch (kind.create()) {
      case DpmPp2mSampler d -> d.spacing();
      case EulerAncestralSampler e -> e.spacing();
      default -> throw new IllegalArgumentException("Not a sigma-space sampler: " + kind);
    };
  }

  @Test
  void lcmStartsAtTheFirstOfItsTimestepsItRunsWithThePictureNoisedToThatLevel() {
    float[] target = picture();
    Recording model = new Recording(new AnalyticDenoisers.Point(SD, target, SMALL));
    float[] clean = new float[64];
    java.util.Arrays.fill(clean, -0.4f);
    SamplingRun run =
        SamplingRun.of(GuidedModel.unguided(model, null), NoiseSource.seeded(3), SMALL, 4, manager)
            .withStart(new SamplingRun.Start(manager.create(clean, new Shape(1, 1, 8, 8)), 0.5));
    new LcmSampler().sample(run).close();
    // LCM's 4 timesteps are 999, 759, 499, 259; strength 0.5 runs the last 2.
    assertThat(model.timesteps).containsExactly(499f, 259f);
    double a = alphaBarClosedForm(499);
    float[] z = seededNoise(manager, 3);
    float[] first = model.inputs.getFirst();
    for (int i = 0; i < 64; i++) {
      assertThat((double) first[i])
          .isCloseTo(
              Math.sqrt(a) * clean[i] + Math.sqrt(1 - a) * z[i],
              org.assertj.core.data.Offset.offset(2e-6));
    }
  }

  @Test
  void aStartThatDoesNotMatchTheVariantsIsRefused() {
    SamplingRun run =
        SamplingRun.of(
            GuidedModel.unguided(new AnalyticDenoisers.Point(SD, picture(), SMALL), null),
            NoiseSource.seeded(1, 2, 3),
            SMALL,
            4,
            manager);
    assertThatThrownBy(
            () -> run.withStart(new SamplingRun.Start(manager.zeros(new Shape(2, 1, 8, 8)), 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 variants");
    assertThatThrownBy(
            () -> run.withStart(new SamplingRun.Start(manager.zeros(new Shape(1, 1, 4, 4)), 0.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyVariantStartsFromTheSamePictureWithItsOwnNoise() {
    Recording model = new Recording(new AnalyticDenoisers.Point(SD, picture(), SMALL));
    float[] clean = picture();
    SamplingRun run =
        SamplingRun.of(
                GuidedModel.unguided(model, null), NoiseSource.seeded(5, 6), SMALL, 4, manager)
            .withStart(new SamplingRun.Start(manager.create(clean, new Shape(1, 1, 8, 8)), 0.5));
    new DdimSampler(0).sample(run).close();
    float[] first = model.inputs.getFirst();
    double a = alphaBarClosedForm(499);
    float[] z5 = seededNoise(manager, 5);
    float[] z6 = seededNoise(manager, 6);
    for (int i = 0; i < 64; i++) {
      assertThat((double) first[i])
          .isCloseTo(
              Math.sqrt(a) * clean[i] + Math.sqrt(1 - a) * z5[i],
              org.assertj.core.data.Offset.offset(2e-6));
      assertThat((double) first[64 + i])
          .isCloseTo(
              Math.sqrt(a) * clean[i] + Math.sqrt(1 - a) * z6[i],
              org.assertj.core.data.Offset.offset(2e-6));
    }
  }
}
