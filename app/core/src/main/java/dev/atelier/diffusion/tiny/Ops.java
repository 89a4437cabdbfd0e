package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Small tensor functions the blocks share. */
final class Ops {

  private Ops() {}

  /** SiLU (swish with β = 1): {@code x · sigmoid(x)}. */
  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }
}
