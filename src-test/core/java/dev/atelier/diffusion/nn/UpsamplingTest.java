package dev.atelier.diffusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import org.junit.jupiter.api.Test;

class UpsamplingTest {

  @Test
  void everyPixelBecomesATwoByTwoSquare() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      NDArray x = m.arange(0f, 2 * 3 * 2 * 3).reshape(2, 3, 2, 3);
      NDArray up = Upsampling.nearestTwice(x);
      assertEquals(new Shape(2, 3, 4, 6), up.getShape());
      float[] v = up.toFloatArray();
      float[] src = x.toFloatArray();
      for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
              float want = src[((b * 3 + c) * 2 + i / 2) * 3 + j / 2];
              assertEquals(want, v[((b * 3 + c) * 4 + i) * 6 + j], "at " + b + c + i + j);
            }
          }
        }
      }
      assertArrayEquals(x.repeat(2, 2).repeat(3, 2).toFloatArray(), v);
    }
  }
}
