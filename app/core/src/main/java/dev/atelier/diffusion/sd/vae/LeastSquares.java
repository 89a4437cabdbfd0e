package dev.atelier.diffusion.sd.vae;

/** An affine least-squares fit of colours to latent channels, {@code rgb ≈ Wᵀ·z + b}. */
final class LeastSquares {

  private LeastSquares() {}

  /** Solves the normal equations of [z, 1]·[W; b] ≈ rgb in double precision. */
  static LatentPreview fit(float[][] z, float[][] rgb, int upscale) {
    int n = z.length;
    int p = z[0].length + 1;
    double[][] ata = new double[p][p];
    double[][] atb = new double[p][3];
    double[] row = new double[p];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < p - 1; c++) {
        row[c] = z[i][c];
      }
      row[p - 1] = 1;
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          ata[a][b] += row[a] * row[b];
        }
        for (int k = 0; k < 3; k++) {
          atb[a][k] += row[a] * rgb[i][k];
        }
      }
    }
    double[][] solution = solve(ata, atb);
    float[][] factors = new float[p - 1][3];
    float[] bias = new float[3];
    for (int k = 0; k < 3; k++) {
      for (int c = 0; c < p - 1; c++) {
        factors[c][k] = (float) solution[c][k];
      }
      bias[k] = (float) solution[p - 1][k];
    }
    return new LatentPreview(factors, bias, upscale);
  }

  /** Gaussian elimination with partial pivoting; {@code a} is square, {@code b} has columns. */
  private static double[][] solve(double[][] a, double[][] b) {
    int p = a.length;
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        throw new IllegalArgumentException("The samples do not determine a fit");
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
      for (int r = 0; r < p; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c < p; c++) {
            a[r][c] -= f * a[col][c];
          }
          for (int k = 0; k < b[r].length; k++) {
            b[r][k] -= f * b[col][k];
          }
        }
      }
    }
    for (int r = 0; r < p; r++) {
      for (int k = 0; k < b[r].length; k++) {
        b[r][k] /= a[r][r];
      }
    }
    return b;
  }
}
