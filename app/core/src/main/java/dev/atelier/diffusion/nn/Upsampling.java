package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Resolution changes shared by the UNet and the VAE. */
public final class Upsampling {

  private static final int NEAREST = 0;

  private Upsampling() {}

  /**
   * Nearest-neighbour ×2 of (B, C, H, W): every pixel becomes a 2×2 square. One engine operation,
   * so no half-enlarged copy is made on the way (at the VAE's last level that copy is 128 MiB).
   */
  public static NDArray nearestTwice(NDArray x) {
    Shape s = x.getShape();
    return x.getNDArrayInternal()
        .interpolation(new long[] {2 * s.get(2), 2 * s.get(3)}, NEAREST, false);
  }
}
