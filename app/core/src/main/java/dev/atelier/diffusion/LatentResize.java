package dev.atelier.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing of samples (N, C, h, w), as {@code torch.nn.functional.interpolate(mode =
 * "bilinear", align_corners = False)} does it: output pixel i samples the input at {@code (i + 0.5)
 * h / H - 0.5}, clamped to the edge. It is written as two small matrix products, {@code U_h · x ·
 * U_w^T}, whose rows hold each output pixel's two weights, so it runs as a GEMM on any engine.
 */
public final class LatentResize {

  private LatentResize() {}

  /**
   * {@code samples} resized to {@code height}×{@code width}, on the samples' manager.
   *
   * @throws IllegalArgumentException when the input is not rank 4 or a size is below 1
   */
  public static NDArray bilinear(NDArray samples, int height, int width) {
    Shape s = samples.getShape();
    if (s.dimension() != 4 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "Resizing needs (N, C, h, w) samples and a positive size, not "
              + s
              + " to "
              + width
              + "×"
              + height);
    }
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    NDManager m = samples.getManager();
    try (NDManager scratch = m.newSubManager()) {
      NDArray rows = scratch.create(weights(h, height), new Shape(height, h));
      NDArray columnsT = scratch.create(weights(w, width), new Shape(width, w)).transpose();
      NDArray across = samples.matMul(columnsT);
      across.attach(scratch);
      NDArray out = rows.matMul(across);
      out.attach(m);
      return out;
    }
  }

  /**
   * The (to × from) matrix of 1-D linear interpolation from {@code from} samples to {@code to}, row
   * i holding output i's weights (half-pixel centres, clamped at both ends).
   */
  static float[] weights(int from, int to) {
    float[] u = new float[to * from];
    double scale = (double) from / to;
    for (int i = 0; i < to; i++) {
      double source = Math.max(0, (i + 0.5) * scale - 0.5);
      int i0 = Math.min((int) Math.floor(source), from - 1);
      int i1 = Math.min(i0 + 1, from - 1);
      double t = source - i0;
      u[i * from + i0] += (float) (1 - t);
      u[i * from + i1] += (float) t;
    }
    return u;
  }
}
