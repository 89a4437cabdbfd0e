package dev.atelier.diffusion.tiny.judge;

/**
 * Measures of a picture's texture: how its colour changes from pixel to pixel against how it
 * changes over a few pixels (a variogram), and plain tone statistics.
 *
 * <p>The variogram ratio {@code V(1) / V(k)}, where {@code V(k)} is the mean squared colour change
 * between pixels {@code k} apart, tells three kinds of picture apart whatever their colours: about
 * 1 for noise (neighbours are as unrelated as distant pixels), about {@code 1/k} for sharp edges
 * between flat areas, and about {@code 1/k²} for smooth gradients and blur.
 */
final class Texture {

  private Texture() {}

  /** {@code V(1) / V(k)}; 0 for a picture with no change at all. */
  static double variogramRatio(Raster raster, int k) {
    double near = variogram(raster, 1);
    double far = variogram(raster, k);
    return far <= 1e-10 ? 0 : near / far;
  }

  /** Mean squared colour change between pixels {@code k} apart, across and down. */
  static double variogram(Raster raster, int k) {
    int side = raster.side();
    double sum = 0;
    long count = 0;
    for (int c = 0; c < 3; c++) {
      double[] p = raster.plane(c);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int at = y * side + x;
          if (x + k < side) {
            double d = p[at + k] - p[at];
            sum += d * d;
            count++;
          }
          if (y + k < side) {
            double d = p[at + k * side] - p[at];
            sum += d * d;
            count++;
          }
        }
      }
    }
    return sum / count;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  static double std(double[] values) {
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return Math.sqrt(sum / values.length);
  }

  /** Root of the summed variances of the three channels: 0 for a flat colour. */
  static double colourSpread(Raster raster) {
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double s = std(raster.plane(c));
      sum += s * s;
    }
    return Math.sqrt(sum);
  }

  /** Mean of each pixel's largest minus smallest channel. */
  static double saturation(Raster raster) {
    double[] r = raster.plane(0);
    double[] g = raster.plane(1);
    double[] b = raster.plane(2);
    double sum = 0;
    for (int k = 0; k < r.length; k++) {
      sum += Math.max(r[k], Math.max(g[k], b[k])) - Math.min(r[k], Math.min(g[k], b[k]));
    }
    return sum / r.length;
  }

  /** Mean luma of the top third minus that of the bottom third. */
  static double topMinusBottom(Raster raster) {
    int side = raster.side();
    double[] luma = raster.luma();
    int third = side / 3;
    double top = 0;
    double bottom = 0;
    for (int y = 0; y < third; y++) {
      for (int x = 0; x < side; x++) {
        top += luma[y * side + x];
        bottom += luma[(side - 1 - y) * side + x];
      }
    }
    return (top - bottom) / (third * side);
  }

  /**
   * How much of the tone's large-scale variation runs down the picture rather than across it: the
   * variance of the row means over that of the row and column means together (0.5 when neither way
   * dominates; near 1 for a sky-over-ground picture).
   */
  static double rowShare(Raster raster) {
    int side = raster.side();
    double[] luma = raster.luma();
    double[] rows = new double[side];
    double[] columns = new double[side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        rows[y] += luma[y * side + x] / side;
        columns[x] += luma[y * side + x] / side;
      }
    }
    double r = std(rows);
    double c = std(columns);
    double total = r * r + c * c;
    return total <= 1e-12 ? 0.5 : r * r / total;
  }

  /** The {@code q}-quantile (0 to 1) of {@code values}. */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int i = (int) Math.round(q * (sorted.length - 1));
    return sorted[Math.clamp(i, 0, sorted.length - 1)];
  }
}
