package dev.atelier.diffusion.tiny.data;

import java.awt.image.BufferedImage;

/**
 * Palette-blind statistics of a picture, for checking that styles can be told apart: brightness is
 * standardised per image (zero mean, unit deviation) before anything is measured.
 */
final class StyleFeatures {

  private static final int BANDS = 8;

  private StyleFeatures() {}

  /**
   * Mean standardised brightness of eight horizontal bands, then horizontal and vertical edge
   * energy, their log ratio, the share of flat pixels and the share of isolated bright points.
   */
  static double[] of(BufferedImage image) {
    int s = image.getWidth();
    double[] l = new double[s * s];
    double mean = 0;
    for (int k = 0; k < l.length; k++) {
      l[k] = luma(image.getRGB(k % s, k / s));
      mean += l[k] / l.length;
    }
    double variance = 0;
    for (double v : l) {
      variance += (v - mean) * (v - mean) / l.length;
    }
    double deviation = Math.sqrt(variance) + 1e-6;
    for (int k = 0; k < l.length; k++) {
      l[k] = (l[k] - mean) / deviation;
    }
    double[] f = new double[BANDS + 5];
    for (int k = 0; k < l.length; k++) {
      f[(k / s) * BANDS / s] += l[k] / (l.length / (double) BANDS);
    }
    double gx = 0;
    double gy = 0;
    int flat = 0;
    int points = 0;
    for (int y = 1; y < s - 1; y++) {
      for (int x = 1; x < s - 1; x++) {
        double c = l[y * s + x];
        double left = l[y * s + x - 1];
        double right = l[y * s + x + 1];
        double up = l[(y - 1) * s + x];
        double down = l[(y + 1) * s + x];
        double dx = Math.abs(right - left);
        double dy = Math.abs(down - up);
        gx += dx;
        gy += dy;
        if (dx + dy < 0.02) {
          flat++;
        }
        if (c > Math.max(Math.max(left, right), Math.max(up, down)) + 0.3) {
          points++;
        }
      }
    }
    double inner = (s - 2.0) * (s - 2.0);
    f[BANDS] = gx / inner;
    f[BANDS + 1] = gy / inner;
    f[BANDS + 2] = 4 * flat / inner;
    f[BANDS + 3] = 20 * points / inner;
    f[BANDS + 4] = Math.log(gx / (gy + 1e-6));
    return f;
  }

  /** Rec. 709 luma of an 0xRRGGBB pixel, 0 to 255. */
  static double luma(int rgb) {
    return 0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF);
  }

  /** Index of the centroid closest to {@code f} in Euclidean distance. */
  static int nearest(double[][] centroids, double[] f) {
    int best = -1;
    double bestDistance = Double.MAX_VALUE;
    for (int c = 0; c < centroids.length; c++) {
      double d = 0;
      for (int k = 0; k < f.length; k++) {
        d += (f[k] - centroids[c][k]) * (f[k] - centroids[c][k]);
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }
}
