package dev.atelier.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * An inpainting mask at the size of the pictures made, in the three forms a generation uses:
 *
 * <ul>
 *   <li><b>soft</b> ({@link #soft()}): the mask as painted, its edge blurred by a Gaussian whose
 *       standard deviation is the blur radius in pixels, cut off at {@code round(2.5 × radius)}
 *       pixels (as web UI's "Mask blur" does it; the picture's edges repeat outwards). Generated
 *       pixels are pasted over the start picture with it ({@link #paste}), so that the seam fades
 *       over a few pixels and wherever it is 0 the start picture's pixels come back exactly.
 *   <li><b>hard</b>: the soft mask at 0.5, 1 (painted) or 0 (kept). An inpainting model sees the
 *       start picture blanked where it is 1 ({@link #maskedPixels}).
 *   <li><b>sample-sized</b> ({@link #atSampleSize}): the hard mask shrunk to the model's samples (8
 *       times smaller for SD latents, the same size for a pixel model), a cell being painted when
 *       any of its pixels is, so that even a thin stroke is painted again.
 * </ul>
 *
 * Values are fractions, 1 painted again and 0 kept, row-major.
 */
public final class SoftMask {

  /** How far a Gaussian's kernel reaches, in standard deviations (web UI's 2.5). */
  static final double KERNEL_REACH = 2.5;

  private final int width;
  private final int height;
  private final float[] soft;

  private SoftMask(int width, int height, float[] soft) {
    this.width = width;
    this.height = height;
    this.soft = soft;
  }

  /**
   * {@code mask} scaled to cover {@code width}×{@code height} as the start picture is ({@link
   * GrayImage#cover}), then blurred by {@code blur} pixels (0: not at all).
   */
  public static SoftMask of(GrayImage mask, int width, int height, int blur) {
    if (blur < 0) {
      throw new IllegalArgumentException("The blur must not be negative: " + blur);
    }
    float[] values = mask.cover(width, height).toFractions();
    return new SoftMask(width, height, blur == 0 ? values : blur(values, width, height, blur));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The soft mask's values, 0 to 1, row-major (a copy). */
  public float[] soft() {
    return soft.clone();
  }

  /** Whether a pixel is painted again (the soft mask is at least 0.5 there). */
  boolean hard(int p) {
    return soft[p] >= 0.5f;
  }

  /**
   * The Gaussian blur of {@code values} with standard deviation {@code sigma} pixels, cut off at
   * {@code round(2.5 sigma)} pixels and normalised, rows then columns; outside the picture its edge
   * values repeat. Values far from any non-zero value stay exactly 0.
   */
  static float[] blur(float[] values, int width, int height, double sigma) {
    int reach = (int) (KERNEL_REACH * sigma + 0.5);
    double[] kernel = new double[2 * reach + 1];
    double sum = 0;
    for (int i = -reach; i <= reach; i++) {
      kernel[i + reach] = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
      sum += kernel[i + reach];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    double[] across = new double[values.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double v = 0;
        for (int k = -reach; k <= reach; k++) {
          v += kernel[k + reach] * values[y * width + Math.clamp(x + k, 0, width - 1)];
        }
        across[y * width + x] = v;
      }
    }
    float[] out = new float[values.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double v = 0;
        for (int k = -reach; k <= reach; k++) {
          v += kernel[k + reach] * across[Math.clamp(y + k, 0, height - 1) * width + x];
        }
        out[y * width + x] = (float) Math.clamp(v, 0, 1);
      }
    }
    return out;
  }

  /**
   * The hard mask shrunk to the samples' {@code sampleWidth}×{@code sampleHeight}: a cell is 1 when
   * any of its pixels is painted again, else 0.
   *
   * @return (1, 1, sampleHeight, sampleWidth) float32 on {@code manager}
   * @throws IllegalArgumentException unless the picture's sides are whole multiples of the samples'
   */
  public NDArray atSampleSize(NDManager manager, int sampleWidth, int sampleHeight) {
    if (sampleWidth < 1
        || sampleHeight < 1
        || width % sampleWidth != 0
        || height % sampleHeight != 0
        || width / sampleWidth != height / sampleHeight) {
      throw new IllegalArgumentException(
          "A "
              + width
              + "×"
              + height
              + " mask does not shrink evenly to "
              + sampleWidth
              + "×"
              + sampleHeight
              + " samples");
    }
    int f = width / sampleWidth;
    float[] cells = new float[sampleWidth * sampleHeight];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (hard(y * width + x)) {
          cells[(y / f) * sampleWidth + x / f] = 1f;
        }
      }
    }
    return manager.create(cells, new Shape(1, 1, sampleHeight, sampleWidth));
  }

  /**
   * The start picture as an inpainting model is shown it: its values in [-1, 1] where the hard mask
   * keeps it and 0 where it is painted again ({@code image * (mask < 0.5)}).
   *
   * @param picture exactly this mask's size
   * @return (1, 3, height, width) float32 on {@code manager}
   */
  public NDArray maskedPixels(NDManager manager, RgbImage picture) {
    requireSize(picture);
    float[] chw = picture.toChw();
    int plane = width * height;
    for (int p = 0; p < plane; p++) {
      if (hard(p)) {
        chw[p] = 0f;
        chw[plane + p] = 0f;
        chw[2 * plane + p] = 0f;
      }
    }
    return manager.create(chw, new Shape(1, 3, height, width));
  }

  /**
   * Each generated picture over the {@code original}, blended by the soft mask: the original where
   * it is 0 (exactly), the generated picture where it is 1 (exactly), {@code round(original + m
   * (generated - original))} between.
   */
  public List<RgbImage> paste(List<RgbImage> generated, RgbImage original) {
    requireSize(original);
    List<RgbImage> out = new ArrayList<>(generated.size());
    for (RgbImage g : generated) {
      requireSize(g);
      byte[] rgb = original.rgb().clone();
      byte[] made = g.rgb();
      for (int p = 0; p < soft.length; p++) {
        float m = soft[p];
        for (int c = 3 * p; c < 3 * p + 3; c++) {
          if (m >= 1f) {
            rgb[c] = made[c];
          } else if (m > 0f) {
            int o = rgb[c] & 0xff;
            rgb[c] = (byte) Math.round(o + m * ((made[c] & 0xff) - o));
          }
        }
      }
      out.add(new RgbImage(width, height, rgb));
    }
    return out;
  }

  private void requireSize(RgbImage picture) {
    if (picture.width() != width || picture.height() != height) {
      throw new IllegalArgumentException(
          "A " + picture + " does not fit a " + width + "×" + height + " mask");
    }
  }
}
