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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inpainting by blending ({@link SamplingRun.Start#mask()}), for every sampler: where the mask is 0
 * the model sees, at every evaluation, the start sample noised to that evaluation's level with the
 * run's first noise draw, and the result there is the start sample exactly; where it is 1 the run
 * is what it is without a mask. The data here is a single point, whose denoiser is exact, so the
 * painted region must land on it.
 */
class InpaintBlendTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);
  private static final Shape VARIANT = new Shape(2, 4, 4);
  private static final int SIZE = 32;
  private static final long[] SEEDS = {17, -3};

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = EngineInfo.pytorch().newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Records every evaluation's input and timestep. */
  private static final class Recording implements Denoiser {
    final Denoiser inner;
    final List<float[]> inputs = new ArrayList<>();
    final List<Double> timesteps = new ArrayList<>();

    Recording(Denoiser inner) {
      this.inner = inner;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t, NDArray conditioning) {
      inputs.add(x.toFloatArray());
      timesteps.add((double) t.toFloatArray()[0]);
      return inner.predictNoise(x, t, conditioning);
    }

    @Override
    public NoiseSchedule schedule() {
      return SD;
    }
  }

  private static float[] target() {
    float[] v = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      v[i] = (float) (0.8 * Math.sin(0.9 * i + 0.3));
    }
    return v;
  }

  private static float[] clean() {
    float[] v = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      v[i] = (float) (-0.6 + 0.04 * i);
    }
    return v;
  }

  /** 1 in the left half of each 4×4 plane, 0 in the right half (shared by both channels). */
  private static float[] mask() {
    float[] m = new float[16];
    for (int i = 0; i < 16; i++) {
      m[i] = i % 4 < 2 ? 1f : 0f;
    }
    return m;
  }

  private static boolean kept(int i) {
    return mask()[i % 16] == 0f;
  }

  private NDArray sample(SamplerKind kind, Recording model, float[] mask, int steps, double s) {
    NDArray cleanArray = manager.create(clean(), new Shape(1).addAll(VARIANT));
    NDArray maskArray = mask == null ? null : manager.create(mask, new Shape(1, 1, 4, 4));
    SamplingRun run =
        SamplingRun.of(
                GuidedModel.unguided(model, null),
                NoiseSource.seeded(SEEDS),
                VARIANT,
                steps,
                manager)
            .withStart(new SamplingRun.Start(cleanArray, s, maskArray));
    return kind.create().sample(run);
  }

  private float[] firstNoise() {
    try (NDArray z = NoiseSource.seeded(SEEDS).next(manager, VARIANT)) {
      return z.toFloatArray();
    }
  }

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void theKeptRegionFollowsTheNoisedStartAndEndsOnItExactly(SamplerKind kind) {
    Recording model = new Recording(new AnalyticDenoisers.Point(SD, target(), VARIANT));
    int steps = kind == SamplerKind.LCM ? 4 : 10;
    float[] out;
    try (NDArray result = sample(kind, model, mask(), steps, 1.0)) {
      assertThat(result.getShape()).isEqualTo(new Shape(2).addAll(VARIANT));
      out = result.toFloatArray();
    }
    float[] clean = clean();
    float[] target = target();
    float[] z = firstNoise();
    for (int v = 0; v < 2; v++) {
      for (int i = 0; i < SIZE; i++) {
        int at = v * SIZE + i;
        if (kept(i)) {
          assertThat(out[at]).as("kept, variant %d value %d", v, i).isEqualTo(clean[i]);
        } else {
          assertThat(out[at]).as("painted").isCloseTo(target[i], Offset.offset(1e-4f));
        }
      }
    }
    assertThat(model.inputs).hasSize(steps);
    for (int e = 0; e < model.inputs.size(); e++) {
      double sigma = SD.sigmaForTimestep(model.timesteps.get(e));
      double a = 1 / (1 + sigma * sigma);
      float[] seen = model.inputs.get(e);
      for (int at = 0; at < seen.length; at++) {
        if (kept(at % SIZE)) {
          double expected = Math.sqrt(a) * clean[at % SIZE] + Math.sqrt(1 - a) * z[at];
          assertThat((double) seen[at])
              .as("%s evaluation %d, value %d", kind, e, at)
              .isCloseTo(expected, Offset.offset(2e-5));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SamplerKind.class)
  void aMaskOfOnesIsExactlyImageToImageAndTheRunIsDeterministic(SamplerKind kind) {
    float[] ones = new float[16];
    java.util.Arrays.fill(ones, 1f);
    Denoiser point = new AnalyticDenoisers.Point(SD, target(), VARIANT);
    // Point's answer is exact whatever it sees; a Gaussian denoiser keeps the noise in play.
    Denoiser gaussian = new AnalyticDenoisers.Gaussian(SD, 0.1, 0.7);
    for (Denoiser d : List.of(point, gaussian)) {
      try (NDArray plain = sample(kind, new Recording(d), null, 4, 0.8);
          NDArray masked = sample(kind, new Recording(d), ones, 4, 0.8);
          NDArray again = sample(kind, new Recording(d), mask(), 4, 0.8);
          NDArray twice = sample(kind, new Recording(d), mask(), 4, 0.8)) {
        assertThat(masked.toFloatArray()).isEqualTo(plain.toFloatArray());
        assertThat(again.toFloatArray()).isEqualTo(twice.toFloatArray());
        assertThat(again.toFloatArray()).isNotEqualTo(plain.toFloatArray());
      }
    }
  }

  @Test
  void aMaskThatDoesNotFitTheStartIsRefused() {
    NDArray clean = manager.zeros(new Shape(1).addAll(VARIANT));
    assertThatThrownBy(() -> new SamplingRun.Start(clean, 0.5, manager.ones(new Shape(1, 1, 2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
    assertThatThrownBy(() -> new SamplingRun.Start(clean, 0.5, manager.ones(new Shape(2, 1, 4, 4))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SamplingRun.Start(clean, 0.5, manager.ones(new Shape(1, 3, 4, 4))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new SamplingRun.Start(clean, 0.5, manager.ones(new Shape(1, 2, 4, 4))).mask())
        .isNotNull();
  }
}
