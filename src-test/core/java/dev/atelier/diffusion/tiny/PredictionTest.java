package dev.atelier.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The trainer's targets and the sampler's reading of the network output are inverses. */
class PredictionTest {

  @ParameterizedTest
  @EnumSource(Prediction.class)
  void theCleanImageOfAPerfectPredictionIsTheImageTrainedOn(Prediction prediction) {
    int n = 2 * 3 * 4 * 4;
    float[] alpha = {0.999f, 0.05f};
    float[] sigma = new float[2];
    SplittableRandom random = new SplittableRandom(7);
    float[] x0 = new float[n];
    float[] noisy = new float[n];
    float[] target = new float[n];
    for (int i = 0; i < n; i++) {
      int b = i / (n / 2);
      sigma[b] = (float) Math.sqrt(1 - alpha[b] * alpha[b]);
      x0[i] = (float) random.nextDouble(-1, 1);
      float e = (float) TinyTrainer.gaussian(random);
      noisy[i] = alpha[b] * x0[i] + sigma[b] * e;
      target[i] = prediction.target(x0[i], e, alpha[b], sigma[b]);
    }
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Shape shape = new Shape(2, 3, 4, 4);
      NDArray clean =
          prediction.cleanImage(
              m.create(noisy, shape),
              m.create(target, shape),
              m.create(alpha, new Shape(2, 1, 1, 1)),
              m.create(sigma, new Shape(2, 1, 1, 1)));
      float[] got = clean.toFloatArray();
      for (int i = 0; i < n; i++) {
        // ε-prediction divides by α = 0.05 in the second image, so it keeps less precision.
        assertThat(got[i]).isCloseTo(x0[i], within(prediction == Prediction.V ? 1e-5f : 1e-4f));
      }
    }
  }

  @Test
  void velocityMixesNoiseAndImageByTheNoiseLevel() {
    // Near pure noise v is almost −x₀; near a clean image it is almost ε.
    assertThat(Prediction.V.target(0.5f, 2f, 0f, 1f)).isEqualTo(-0.5f);
    assertThat(Prediction.V.target(0.5f, 2f, 1f, 0f)).isEqualTo(2f);
    assertThat(Prediction.EPSILON.target(0.5f, 2f, 0.3f, 0.7f)).isEqualTo(2f);
  }

  @Test
  void manifestsWithoutAPredictionTypeAreNoisePredictors() {
    assertThat(Prediction.fromId(null)).isEqualTo(Prediction.EPSILON);
    assertThat(Prediction.fromId("V")).isEqualTo(Prediction.V);
    assertThatThrownBy(() -> Prediction.fromId("x0")).hasMessageContaining("epsilon or v");
  }
}
