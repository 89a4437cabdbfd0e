package dev.atelier.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The inpainting mask's forms: gray images, the blurred seam, the sample-sized mask, the paste. */
class SoftMaskTest {

  /** A w×h black mask with a white rectangle [x0, x1) × [y0, y1). */
  static GrayImage rectangle(int w, int h, int x0, int y0, int x1, int y1) {
    byte[] g = new byte[w * h];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        g[y * w + x] = (byte) 255;
      }
    }
    return new GrayImage(w, h, g);
  }

  @Test
  void theBlurIsAGaussianOfTheRadiusCutOffAtTwoAndAHalfOfIt() {
    // One white pixel in the middle of 31×31: the blur is the kernel itself, outer product.
    int n = 31;
    GrayImage dot = rectangle(n, n, 15, 15, 16, 16);
    float[] soft = SoftMask.of(dot, n, n, 2).soft();
    int reach = 5; // int(2.5 * 2 + 0.5)
    double sum = 0;
    double[] k = new double[2 * reach + 1];
    for (int i = -reach; i <= reach; i++) {
      k[i + reach] = Math.exp(-i * i / 8.0);
      sum += k[i + reach];
    }
    double total = 0;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int dx = x - 15;
        int dy = y - 15;
        float v = soft[y * n + x];
        total += v;
        if (Math.abs(dx) > reach || Math.abs(dy) > reach) {
          assertThat(v).as("beyond the kernel's reach, (%d, %d)", x, y).isZero();
        } else {
          double expected = k[dx + reach] / sum * k[dy + reach] / sum;
          assertThat((double) v).isCloseTo(expected, Offset.offset(1e-7));
          assertThat(v).isPositive();
        }
      }
    }
    assertThat(total).as("the blur keeps the mask's weight").isCloseTo(1.0, Offset.offset(1e-5));
    // No blur: the mask itself.
    float[] hard = SoftMask.of(dot, n, n, 0).soft();
    assertThat(hard[15 * n + 15]).isEqualTo(1f);
    assertThat(hard[15 * n + 16]).isZero();
  }

  @Test
  void aBlurredRectangleIsOneInsideZeroFarOutsideAndSoftAcrossItsEdge() {
    SoftMask m = SoftMask.of(rectangle(64, 64, 16, 16, 48, 48), 64, 64, 3);
    float[] soft = m.soft();
    int reach = 8; // int(7.5 + 0.5)
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        float v = soft[y * 64 + x];
        int outside = Math.max(Math.max(16 - x, x - 47), Math.max(16 - y, y - 47));
        if (outside > reach) {
          assertThat(v).isZero();
        } else if (outside <= -reach) {
          assertThat((double) v).isCloseTo(1.0, Offset.offset(1e-6));
        } else {
          assertThat(v).isBetween(0f, 1f);
        }
      }
    }
    // Across the left edge at the middle row: rising, and half way between the two pixels.
    assertThat(soft[32 * 64 + 15]).isLessThan(0.5f);
    assertThat(soft[32 * 64 + 16]).isGreaterThan(0.5f);
    assertThat((double) soft[32 * 64 + 15] + soft[32 * 64 + 16])
        .as("symmetric about the edge")
        .isCloseTo(1.0, Offset.offset(1e-6));
  }

  @Test
  void theSampleSizedMaskPaintsACellWhenAnyOfItsPixelsIsPainted() {
    try (NDManager manager = EngineInfo.pytorch().newBaseManager()) {
      // A one-pixel stroke at x = 9 (cell 1 of 8-pixel cells), rows 0..23 (cells 0..2).
      SoftMask m = SoftMask.of(rectangle(32, 24, 9, 0, 10, 24), 32, 24, 0);
      NDArray cells = m.atSampleSize(manager, 4, 3);
      assertThat(cells.getShape()).isEqualTo(new Shape(1, 1, 3, 4));
      assertThat(cells.toFloatArray()).containsExactly(0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0);
      // A pixel model's samples are the picture's size: the hard mask itself.
      assertThat(m.atSampleSize(manager, 32, 24).sum().getFloat()).isEqualTo(24f);
      assertThatThrownBy(() -> m.atSampleSize(manager, 5, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not shrink evenly");
      assertThatThrownBy(() -> m.atSampleSize(manager, 4, 2))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theMaskedPictureIsBlankWhereTheHardMaskPaints() {
    try (NDManager manager = EngineInfo.pytorch().newBaseManager()) {
      RgbImage picture = gradient(8, 4);
      // Blur 1 on a 4-wide white block: the hard mask is where the blur is at least 0.5.
      SoftMask m = SoftMask.of(rectangle(8, 4, 0, 0, 4, 4), 8, 4, 1);
      float[] soft = m.soft();
      float[] chw = m.maskedPixels(manager, picture).toFloatArray();
      float[] original = picture.toChw();
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 32; p++) {
          float expected = soft[p] >= 0.5f ? 0f : original[c * 32 + p];
          assertThat(chw[c * 32 + p]).isEqualTo(expected);
        }
      }
      assertThat(soft[3]).isGreaterThanOrEqualTo(0.5f);
      assertThat(soft[4]).isLessThan(0.5f);
      assertThatThrownBy(() -> m.maskedPixels(manager, gradient(4, 4)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void thePasteIsTheOriginalWhereTheMaskIsZeroAndBlendsAcrossTheSeam() {
    RgbImage original = gradient(16, 16);
    RgbImage made = new RgbImage(16, 16, new byte[16 * 16 * 3]); // black
    SoftMask m = SoftMask.of(rectangle(16, 16, 4, 4, 12, 12), 16, 16, 1);
    float[] soft = m.soft();
    RgbImage out = m.paste(List.of(made), original).getFirst();
    int exact = 0;
    for (int p = 0; p < 256; p++) {
      for (int c = 0; c < 3; c++) {
        int o = original.rgb()[3 * p + c] & 0xff;
        int v = out.rgb()[3 * p + c] & 0xff;
        if (soft[p] == 0f) {
          assertThat(v).isEqualTo(o);
          exact++;
        } else if (soft[p] >= 1f) {
          assertThat(v).isZero();
        } else {
          assertThat(v).isEqualTo((int) Math.round(o + soft[p] * (0 - o)));
        }
      }
    }
    assertThat(exact).isGreaterThan(0);
  }

  @Test
  void grayImagesReadTheirOwnPngBackExactlyAndColourAsLuma() throws Exception {
    byte[] g = new byte[256];
    for (int i = 0; i < 256; i++) {
      g[i] = (byte) i;
    }
    GrayImage ramp = new GrayImage(16, 16, g);
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(ramp.toPng()));
    assertThat(GrayImage.of(read)).isEqualTo(ramp);
    // Colour: ITU-R 601 luma, rounded.
    RgbImage colour =
        new RgbImage(2, 1, new byte[] {(byte) 255, 0, 0, (byte) 10, (byte) 200, (byte) 30});
    assertThat(GrayImage.of(colour.toBufferedImage()).gray())
        .containsExactly((byte) 76, (byte) 124); // 76.245, 123.81 (+0.5 → 124)
    assertThat(GrayImage.luma(colour)).isEqualTo(GrayImage.of(colour.toBufferedImage()));
    assertThat(ramp.inverted().gray()[0]).isEqualTo((byte) 255);
    assertThat(ramp.inverted().inverted()).isEqualTo(ramp);
    assertThat(GrayImage.filled(3, 2, 0).isBlack()).isTrue();
    assertThat(ramp.isBlack()).isFalse();
  }

  @Test
  void aMaskCoversTheGenerationsSizeExactlyAsTheStartPictureDoes() {
    // A gray picture and the mask of the same values are scaled and cut to the same pixels.
    GrayImage asMask = GrayImage.luma(gradient(60, 40));
    RgbImage picture = asMask.toRgb();
    assertThat(asMask.cover(32, 32)).isEqualTo(GrayImage.luma(picture.cover(32, 32)));
    assertThat(asMask.cover(32, 32).toRgb()).isEqualTo(picture.cover(32, 32));
    GrayImage gray = rectangle(60, 40, 0, 0, 30, 40); // left half white
    GrayImage covered = gray.cover(32, 32);
    // The cut keeps the middle 40×40, scaled to 32: columns left of 8 white, right of 24 black.
    assertThat(covered.gray()[16 * 32 + 4] & 0xff).isEqualTo(255);
    assertThat(covered.gray()[16 * 32 + 28] & 0xff).isZero();
  }

  static RgbImage gradient(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (x * 255 / Math.max(1, w - 1));
        rgb[i + 1] = (byte) (y * 255 / Math.max(1, h - 1));
        rgb[i + 2] = (byte) ((x * 7 + y * 13) % 256);
      }
    }
    return new RgbImage(w, h, rgb);
  }
}
