package dev.atelier.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import org.junit.jupiter.api.Test;

class LatentResizeTest {

  /**
   * A 3×4 input and its 5×6 bilinear resize as {@code torch.nn.functional.interpolate(x, size=(5,
   * 6), mode="bilinear", align_corners=False)} computes it (PyTorch 1.13; the input is {@code i +
   * 0.5 sin(i)} for i = 0..11).
   */
  private static final float[] INPUT = {
    0.0f, 1.420735478f, 2.454648733f, 3.070559978f, 3.621598720f, 4.520537853f,
    5.860292434f, 7.328493118f, 8.494679450f, 9.206059455f, 9.727989196f, 10.500004768f
  };

  private static final float[] TORCH = {
    0.0f, 0.710368f, 1.593054f, 2.28233f, 2.762604f, 3.07056f,
    1.44864f, 2.054648f, 2.853365f, 3.624198f, 4.29532f, 4.773734f,
    3.621599f, 4.071069f, 4.74383f, 5.637f, 6.594393f, 7.328494f,
    6.545447f, 6.938649f, 7.473361f, 8.039401f, 8.706156f, 9.2314f,
    8.494679f, 8.850369f, 9.293048f, 9.641001f, 10.113997f, 10.500005f
  };

  @Test
  void resizesAsPyTorchsBilinearInterpolationDoes() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      NDArray x = m.create(INPUT, new Shape(1, 1, 3, 4));
      NDArray y = LatentResize.bilinear(x, 5, 6);
      assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 5, 6));
      float[] out = y.toFloatArray();
      for (int i = 0; i < out.length; i++) {
        assertThat(out[i])
            .as("pixel %d", i)
            .isCloseTo(TORCH[i], org.assertj.core.data.Offset.offset(2e-5f));
      }
    }
  }

  @Test
  void everyBatchRowAndChannelIsResizedOnItsOwn() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      NDArray one = m.create(INPUT, new Shape(1, 1, 3, 4));
      NDArray batch = one.concat(one.mul(-2), 1).concat(one.add(1).concat(one, 1), 0);
      NDArray y = LatentResize.bilinear(batch, 5, 6);
      assertThat(y.getShape()).isEqualTo(new Shape(2, 2, 5, 6));
      NDArray single = LatentResize.bilinear(one, 5, 6);
      assertThat(y.get("0,0").toFloatArray()).isEqualTo(single.squeeze().toFloatArray());
      float[] negated = y.get("0,1").toFloatArray();
      float[] expected = single.mul(-2).squeeze().toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertThat(negated[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void theSameSizeIsTheSameSamplesAndConstantsStayConstant() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      NDArray x = m.create(INPUT, new Shape(1, 1, 3, 4));
      assertThat(LatentResize.bilinear(x, 3, 4).toFloatArray()).isEqualTo(INPUT);
      NDArray flat = m.full(new Shape(1, 4, 8, 8), 0.75f);
      for (float v : LatentResize.bilinear(flat, 12, 12).toFloatArray()) {
        assertThat(v).isCloseTo(0.75f, org.assertj.core.data.Offset.offset(1e-6f));
      }
      assertThatThrownBy(() -> LatentResize.bilinear(m.zeros(new Shape(3, 4)), 5, 6))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
