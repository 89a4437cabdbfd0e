package dev.atelier.diffusion.tiny.judge;

/**
 * Multinomial logistic regression on standardised features, fitted by full-batch gradient descent
 * with L2 regularisation: deterministic, a fraction of a second for a few thousand pictures, and
 * its weights can be read (one per feature and class).
 */
final class Softmax {

  private final double[] mean;
  private final double[] scale;
  private final double[][] weights;

  private Softmax(double[] mean, double[] scale, double[][] weights) {
    this.mean = mean;
    this.scale = scale;
    this.weights = weights;
  }

  /**
   * Fits {@code classes} classes to rows {@code x} labelled {@code y} (0 to classes - 1).
   *
   * @param iterations gradient steps over the whole set
   * @param l2 weight of the squared-weights penalty
   */
  static Softmax fit(double[][] x, int[] y, int classes, int iterations, double l2) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("Need as many labels as rows, and at least one row");
    }
    int features = x[0].length;
    double[] mean = new double[features];
    double[] scale = new double[features];
    for (double[] row : x) {
      for (int f = 0; f < features; f++) {
        mean[f] += row[f] / x.length;
      }
    }
    for (double[] row : x) {
      for (int f = 0; f < features; f++) {
        scale[f] += (row[f] - mean[f]) * (row[f] - mean[f]) / x.length;
      }
    }
    for (int f = 0; f < features; f++) {
      scale[f] = Math.sqrt(scale[f]) + 1e-9;
    }
    double[][] z = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      z[i] = standardise(x[i], mean, scale);
    }
    double[][] w = new double[classes][features + 1];
    double rate = 0.5;
    for (int it = 0; it < iterations; it++) {
      double[][] gradient = new double[classes][features + 1];
      for (int i = 0; i < z.length; i++) {
        double[] p = probabilities(w, z[i]);
        for (int c = 0; c < classes; c++) {
          double error = p[c] - (y[i] == c ? 1 : 0);
          for (int f = 0; f <= features; f++) {
            gradient[c][f] += error * z[i][f] / z.length;
          }
        }
      }
      for (int c = 0; c < classes; c++) {
        for (int f = 0; f <= features; f++) {
          double penalty = f < features ? l2 * w[c][f] : 0;
          w[c][f] -= rate * (gradient[c][f] + penalty);
        }
      }
    }
    return new Softmax(mean, scale, w);
  }

  /** Class probabilities of one row. */
  double[] probabilities(double[] row) {
    return probabilities(weights, standardise(row, mean, scale));
  }

  /** Standardised values with a trailing 1 for the bias. */
  private static double[] standardise(double[] row, double[] mean, double[] scale) {
    double[] z = new double[row.length + 1];
    for (int f = 0; f < row.length; f++) {
      z[f] = (row[f] - mean[f]) / scale[f];
    }
    z[row.length] = 1;
    return z;
  }

  private static double[] probabilities(double[][] w, double[] z) {
    double[] logits = new double[w.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      double sum = 0;
      for (int f = 0; f < z.length; f++) {
        sum += w[c][f] * z[f];
      }
      logits[c] = sum;
      max = Math.max(max, sum);
    }
    double total = 0;
    for (int c = 0; c < w.length; c++) {
      logits[c] = Math.exp(logits[c] - max);
      total += logits[c];
    }
    for (int c = 0; c < w.length; c++) {
      logits[c] /= total;
    }
    return logits;
  }
}
