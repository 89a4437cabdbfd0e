package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;

/** The small pieces every VAE block uses: convolutions, SiLU, a forward call, memory scopes. */
final class Layers {

  private Layers() {}

  /** A square convolution with "same" padding (kernel 3 pads 1, kernel 1 pads 0), stride 1. */
  static Conv2d conv(int outChannels, int kernel) {
    return Conv2d.builder()
        .setFilters(outChannels)
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .build();
  }

  /** A 3×3 convolution with stride 2 and no padding (the caller pads). */
  static Conv2d stridedConv(int outChannels) {
    return Conv2d.builder()
        .setFilters(outChannels)
        .setKernelShape(new Shape(3, 3))
        .optStride(new Shape(2, 2))
        .build();
  }

  static NDArray run(Block block, ParameterStore store, NDArray x) {
    return block.forward(store, new NDList(x), false).head();
  }

  /** Runs {@code block} on {@code x}, then frees {@code x} unless it is {@code keep}. */
  static NDArray advance(Block block, ParameterStore store, NDArray x, NDArray keep) {
    NDArray out = run(block, store, x);
    if (x != keep) {
      x.close();
    }
    return out;
  }

  /** {@code x · sigmoid(x)}, overwriting {@code x} (which the caller no longer needs). */
  static NDArray siluInPlace(NDArray x) {
    return x.muli(x.getNDArrayInternal().sigmoid());
  }

  /**
   * Runs {@code step} on {@code x} in a scope of its own: the intermediates it creates are freed
   * when it returns, and only the result stays, on {@code x}'s manager. At 512² one residual block
   * creates about a gigabyte of intermediates; without scopes they would live until the whole
   * decode ends.
   */
  static NDArray scoped(NDArray x, UnaryOperator<NDArray> step) {
    NDManager owner = x.getManager();
    try (NDManager scope = owner.newSubManager()) {
      x.tempAttach(scope);
      NDArray out = step.apply(x);
      out.attach(owner);
      return out;
    }
  }
}
