package dev.atelier.diffusion.tiny.judge;

import java.util.Arrays;

/**
 * Measures of small points of light: stars are isolated pixels much brighter than the median of
 * their 5×5 neighbourhood, on a background that is otherwise quiet. Noise has bright pixels too,
 * but they come with as many dark ones and leave no quiet background.
 */
final class Points {

  /** A star is at least this much brighter (luma, 0 to 1) than its neighbourhood's median. */
  static final double STAR = 0.12;

  /** A pixel this far from its neighbourhood's median (either way) is a speckle. */
  static final double SPECKLE = 0.08;

  private Points() {}

  /** Stars, speckle and the background's tone of one picture. */
  record Measures(int stars, double speckle, double background) {}

  static Measures of(Raster raster) {
    int side = raster.side();
    double[] luma = raster.luma();
    double[] median = median5(luma, side);
    int stars = 0;
    int speckles = 0;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int k = y * side + x;
        double lift = luma[k] - median[k];
        if (Math.abs(lift) >= SPECKLE) {
          speckles++;
        }
        if (lift >= STAR && isPeak(luma, side, x, y)) {
          stars++;
        }
      }
    }
    double scale = side * side / 4096.0;
    return new Measures(
        (int) Math.round(stars / scale),
        speckles / (double) (side * side),
        Texture.quantile(median, 0.5));
  }

  private static boolean isPeak(double[] luma, int side, int x, int y) {
    double v = luma[y * side + x];
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int xx = x + dx;
        int yy = y + dy;
        if ((dx != 0 || dy != 0) && xx >= 0 && yy >= 0 && xx < side && yy < side) {
          if (luma[yy * side + xx] > v) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Median of each pixel's 5×5 neighbourhood, clipped at the borders. */
  static double[] median5(double[] values, int side) {
    double[] out = new double[values.length];
    double[] window = new double[25];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int n = 0;
        for (int dy = -2; dy <= 2; dy++) {
          for (int dx = -2; dx <= 2; dx++) {
            int xx = x + dx;
            int yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < side && yy < side) {
              window[n++] = values[yy * side + xx];
            }
          }
        }
        Arrays.sort(window, 0, n);
        out[y * side + x] = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
      }
    }
    return out;
  }
}
