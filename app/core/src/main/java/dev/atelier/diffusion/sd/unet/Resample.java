package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.Upsampling;

/**
 * A change of resolution between levels: down, a stride-2 3×3 convolution ({@code op}); up,
 * nearest-neighbour ×2 then a 3×3 convolution ({@code conv}). The channel count stays.
 */
final class Resample extends AbstractBlock implements UNetLayer {

  private static final byte VERSION = 1;

  private final boolean up;
  private final Conv2d conv;

  private Resample(boolean up, int channels) {
    super(VERSION);
    this.up = up;
    conv = addChildBlock(up ? "conv" : "op", Layers.conv(channels, 3, up ? 1 : 2));
  }

  static Resample down(int channels) {
    return new Resample(false, channels);
  }

  static Resample up(int channels) {
    return new Resample(true, channels);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, NDArray emb, NDArray context) {
    if (!up) {
      return Layers.apply(conv, ps, x);
    }
    return Layers.scoped(() -> Layers.apply(conv, ps, Upsampling.nearestTwice(x)), x);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), null, null));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    long f = up ? 2 : 1;
    long d = up ? 1 : 2;
    return new Shape[] {new Shape(x.get(0), x.get(1), x.get(2) * f / d, x.get(3) * f / d)};
  }
}
