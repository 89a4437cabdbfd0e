package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.Upsampling;

/**
 * Halves or doubles the resolution around one 3×3 convolution named {@code conv}.
 *
 * <p>Down: zero-pad one column on the right and one row at the bottom only (LDM's asymmetric
 * padding), then convolve with stride 2 and no padding. Up: nearest-neighbour ×2, then convolve
 * with padding 1.
 */
final class Resample extends AbstractBlock {

  private static final byte VERSION = 1;

  /** (left, right, top, bottom) of the last two axes, in the order NDArray.pad takes them. */
  private static final Shape RIGHT_BOTTOM = new Shape(0, 1, 0, 1);

  private final boolean down;
  private final Conv2d conv;

  private Resample(int channels, boolean down) {
    super(VERSION);
    this.down = down;
    conv = addChildBlock("conv", down ? Layers.stridedConv(channels) : Layers.conv(channels, 3));
  }

  static Resample down(int channels) {
    return new Resample(channels, true);
  }

  static Resample up(int channels) {
    return new Resample(channels, false);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(Layers.scoped(inputs.head(), x -> apply(store, x)));
  }

  private NDArray apply(ParameterStore store, NDArray x) {
    NDArray resized = down ? x.pad(RIGHT_BOTTOM, 0) : Upsampling.nearestTwice(x);
    return Layers.run(conv, store, resized);
  }

  /** Each pixel becomes a 2×2 block. */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long h = down ? s.get(2) / 2 : s.get(2) * 2;
    long w = down ? s.get(3) / 2 : s.get(3) * 2;
    return new Shape[] {new Shape(s.get(0), s.get(1), h, w)};
  }
}
