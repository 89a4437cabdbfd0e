package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LCM sampler against diffusers' own {@code LCMScheduler}, run on the same input by {@code
 * src-test/fixtures/lcm/make_reference.py}: the same timesteps, and every step's {@code denoised}
 * and the result equal to float32 rounding, for 1, 2, 4 and 8 steps. (Measured within 2e-6 of the
 * reference's magnitude; the bound leaves room for another CPU's vector tanh.)
 */
class LcmReferenceTest {

  private static final Path REFERENCE =
      Path.of(System.getProperty("atelier.fixtures"), "lcm", "reference.json");
  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = EngineInfo.pytorch().newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** The reference's noise prediction, eps(x, t) = 0.8 tanh(x) + 0.05 t / 1000. */
  private static final Denoiser TANH =
      new Denoiser() {
        @Override
        public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
          float t = timesteps.toFloatArray()[0];
          return x.tanh().mul(0.8f).add(0.05f * t / 1000);
        }

        @Override
        public NoiseSchedule schedule() {
          return SD;
        }
      };

  @Test
  void matchesDiffusersStepByStep() throws IOException {
    JsonNode reference = new ObjectMapper().readTree(REFERENCE.toFile());
    long[] seeds = longs(reference.get("seeds"));
    Shape shape = new Shape(longs(reference.get("variantShape")));

    // The script's replica of NoiseSource draws what NoiseSource draws.
    NoiseSource source = NoiseSource.seeded(seeds);
    for (JsonNode draw : reference.get("noise")) {
      try (NDArray z = source.next(manager, shape)) {
        assertClose(z.toFloatArray(), draw, 1e-6, "noise");
      }
    }

    LcmSampler lcm = new LcmSampler();
    for (JsonNode expected : reference.get("runs")) {
      int steps = expected.get("steps").asInt();
      assertThat(lcm.timesteps(1000, steps))
          .as("%d steps", steps)
          .containsExactly(ints(expected.get("timesteps")));
      List<float[]> denoised = new ArrayList<>();
      SamplingRun run =
          SamplingRun.of(
                  GuidedModel.unguided(TANH, null),
                  NoiseSource.seeded(seeds),
                  shape,
                  steps,
                  manager)
              .withListener((step, total, d) -> denoised.add(d.toFloatArray()));
      try (NDArray result = lcm.sample(run)) {
        assertClose(result.toFloatArray(), expected.get("result"), 5e-6, steps + " steps, result");
      }
      assertThat(denoised).hasSize(steps);
      for (int i = 0; i < steps; i++) {
        assertClose(
            denoised.get(i),
            expected.get("denoised").get(i),
            5e-6,
            steps + " steps, step " + (i + 1));
      }
    }
    assertThat(manager.getManagedArrays()).isEmpty();
  }

  /**
   * Within {@code relative} of the reference's magnitude (at least 1): the clean prediction at t =
   * 999 divides by sqrt(alphaBar) = 0.068, and diffusers computes its coefficients in float32 where
   * Atelier rounds double ones to float32.
   */
  private static void assertClose(float[] actual, JsonNode expected, double relative, String what) {
    assertThat(actual).as(what).hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      double want = expected.get(i).asDouble();
      assertThat(Math.abs(actual[i] - want))
          .as("%s [%d]: %s against %s", what, i, actual[i], want)
          .isLessThanOrEqualTo(relative * Math.max(1, Math.abs(want)));
    }
  }

  private static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }
}
