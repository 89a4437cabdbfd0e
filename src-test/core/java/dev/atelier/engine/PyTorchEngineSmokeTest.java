package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Real NDArray work on the bundled PyTorch engine, offline. */
class PyTorchEngineSmokeTest {

  @Test
  void engineLoadsOfflineFromTheBundledNatives() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    EngineInfo info = EngineInfo.detect();
    assertThat(info.engine()).isEqualTo("PyTorch");
    assertThat(info.engineVersion()).startsWith("2.7.1");
    assertThat(info.summary()).startsWith("PyTorch 2.7.1 on ");
  }

  @Test
  void matrixProductMatchesPlainJava() {
    int n = 64;
    Random random = new Random(7);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextFloat() - 0.5f;
      b[i] = random.nextFloat() - 0.5f;
    }
    float[] expected = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < n; j++) {
          expected[i * n + j] += a[i * n + k] * b[k * n + j];
        }
      }
    }
    try (NDManager manager = EngineInfo.pytorch().newBaseManager()) {
      NDArray x = manager.create(a, new Shape(n, n));
      NDArray y = manager.create(b, new Shape(n, n));
      NDArray product = x.matMul(y);
      assertThat(product.getManager().getEngine().getEngineName()).isEqualTo("PyTorch");
      assertThat(product.getShape()).isEqualTo(new Shape(n, n));
      float[] actual = product.toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
      }
      // A softmax row sums to one: exercises a second kernel family.
      float[] sums = product.softmax(1).sum(new int[] {1}).toFloatArray();
      for (float s : sums) {
        assertThat(s).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }
}
