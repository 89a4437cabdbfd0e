package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.function.Supplier;

/** Layer constructors and tensor helpers the UNet's blocks share. */
final class Layers {

  private Layers() {}

  /** A k×k convolution, padded to keep the size at stride 1. */
  static Conv2d conv(int filters, int kernel, int stride) {
    int pad = kernel / 2;
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad))
        .build();
  }

  static Linear linear(int units, boolean bias) {
    return Linear.builder().setUnits(units).optBias(bias).build();
  }

  /** SiLU, {@code x · sigmoid(x)}. */
  static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }

  /** SiLU computed in the place of {@code x}, for an intermediate nothing else reads. */
  static NDArray siluInPlace(NDArray x) {
    return x.muli(Activation.sigmoid(x));
  }

  /** Runs a plain one-input DJL block (convolution, linear layer, norm). */
  static NDArray apply(Block block, ParameterStore ps, NDArray x) {
    return block.forward(ps, new NDList(x), false).singletonOrThrow();
  }

  /**
   * Runs {@code body} with {@code inputs} moved for its duration into a sub-manager of the first
   * input's manager, so every intermediate it creates is freed when it returns; only the result
   * stays, on the first input's manager. This bounds a forward pass's memory to a few layers'
   * activations instead of all of them.
   */
  static NDArray scoped(Supplier<NDArray> body, NDArray... inputs) {
    NDManager parent = inputs[0].getManager();
    try (NDManager scope = parent.newSubManager()) {
      for (NDArray a : inputs) {
        if (a != null) {
          a.tempAttach(scope);
        }
      }
      NDArray result = body.get();
      result.attach(parent);
      return result;
    }
  }
}
