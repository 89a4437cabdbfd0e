package dev.atelier.diffusion.tiny.judge;

import dev.atelier.diffusion.RgbImage;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A square picture as three colour planes of doubles in [0, 1], row-major, plus its luma. What the
 * judge measures: the input pixels, nothing of the model that made them.
 */
public final class Raster {

  private final int side;
  private final double[][] planes;
  private final double[] luma;
  private volatile double grain = Double.NaN;

  /** From three planes of {@code side × side} values in [0, 1] (copied). */
  Raster(int side, double[] red, double[] green, double[] blue) {
    if (side < 1) {
      throw new IllegalArgumentException("A picture is at least 1 pixel wide, not " + side);
    }
    int n = side * side;
    if (red.length != n || green.length != n || blue.length != n) {
      throw new IllegalArgumentException("Colour planes do not match " + side + "×" + side);
    }
    this.side = side;
    this.planes = new double[][] {red.clone(), green.clone(), blue.clone()};
    this.luma = new double[n];
    for (int k = 0; k < n; k++) {
      luma[k] = 0.299 * red[k] + 0.587 * green[k] + 0.114 * blue[k];
    }
  }

  /** A square 8-bit RGB picture. */
  public static Raster of(RgbImage image) {
    Objects.requireNonNull(image, "image");
    if (image.width() != image.height()) {
      throw new IllegalArgumentException(
          "The judge takes square pictures, not " + image.width() + "×" + image.height());
    }
    int n = image.width() * image.height();
    double[] r = new double[n];
    double[] g = new double[n];
    double[] b = new double[n];
    byte[] rgb = image.rgb();
    for (int k = 0; k < n; k++) {
      r[k] = (rgb[3 * k] & 0xff) / 255.0;
      g[k] = (rgb[3 * k + 1] & 0xff) / 255.0;
      b[k] = (rgb[3 * k + 2] & 0xff) / 255.0;
    }
    return new Raster(image.width(), r, g, b);
  }

  /** A square picture. */
  public static Raster of(BufferedImage image) {
    return of(RgbImage.of(Objects.requireNonNull(image, "image")));
  }

  public int side() {
    return side;
  }

  /** Channel {@code c} (0 red, 1 green, 2 blue); the array itself, not to be changed. */
  double[] plane(int c) {
    return planes[c];
  }

  /** Luma (Rec. 601 weights); the array itself, not to be changed. */
  double[] luma() {
    return luma;
  }

  /**
   * This picture at {@code target} pixels a side: each output pixel the mean of the input pixels it
   * covers. The side must be a whole multiple of {@code target}.
   */
  public Raster downscaled(int target) {
    if (target == side) {
      return this;
    }
    if (target < 1 || side % target != 0) {
      throw new IllegalArgumentException(
          "A " + side + "-pixel picture cannot be averaged down to " + target + " pixels");
    }
    int f = side / target;
    double[][] out = new double[3][target * target];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          out[c][(y / f) * target + x / f] += planes[c][y * side + x];
        }
      }
      for (int k = 0; k < out[c].length; k++) {
        out[c][k] /= f * f;
      }
    }
    return new Raster(target, out[0], out[1], out[2]);
  }

  /** Back to 8-bit RGB, channels clamped and rounded. */
  public RgbImage toRgbImage() {
    int n = side * side;
    byte[] rgb = new byte[3 * n];
    for (int k = 0; k < n; k++) {
      for (int c = 0; c < 3; c++) {
        rgb[3 * k + c] = (byte) Math.round(Math.clamp(planes[c][k], 0.0, 1.0) * 255);
      }
    }
    return new RgbImage(side, side, rgb);
  }

  /**
   * The picture's own grain: per channel, the median absolute difference between each pixel and the
   * median of its 3×3 neighbourhood, scaled to a standard deviation (×1.4826), averaged over the
   * channels. About 0 for clean drawings, whose pixels mostly equal their neighbours'.
   */
  public double grain() {
    double g = grain;
    if (Double.isNaN(g)) {
      g = measureGrain();
      grain = g;
    }
    return g;
  }

  private double measureGrain() {
    double sum = 0;
    double[] window = new double[9];
    double[] residual = new double[side * side];
    for (int c = 0; c < 3; c++) {
      double[] p = planes[c];
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int n = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int xx = Math.clamp(x + dx, 0, side - 1);
              int yy = Math.clamp(y + dy, 0, side - 1);
              window[n++] = p[yy * side + xx];
            }
          }
          java.util.Arrays.sort(window);
          residual[y * side + x] = Math.abs(p[y * side + x] - window[4]);
        }
      }
      java.util.Arrays.sort(residual);
      sum += 1.4826 * residual[residual.length / 2];
    }
    return sum / 3;
  }
}
