package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.GroupNorm;

/**
 * The VAE's residual block: {@code x + conv2(silu(norm2(conv1(silu(norm1(x))))))}, with a 1×1
 * convolution ({@code nin_shortcut}) on the skip path when the channel count changes. No timestep
 * input, unlike the UNet's.
 */
final class ResBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int outChannels;
  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final GroupNorm norm2;
  private final Conv2d conv2;
  private final Conv2d ninShortcut;

  ResBlock(int inChannels, int outChannels, VaeConfig config) {
    super(VERSION);
    this.outChannels = outChannels;
    norm1 = addChildBlock("norm1", new GroupNorm(config.groups(), config.epsilon()));
    conv1 = addChildBlock("conv1", Layers.conv(outChannels, 3));
    norm2 = addChildBlock("norm2", new GroupNorm(config.groups(), config.epsilon()));
    conv2 = addChildBlock("conv2", Layers.conv(outChannels, 3));
    ninShortcut =
        inChannels == outChannels
            ? null
            : addChildBlock("nin_shortcut", Layers.conv(outChannels, 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(Layers.scoped(inputs.head(), x -> apply(store, x)));
  }

  private NDArray apply(ParameterStore store, NDArray x) {
    NDArray h = Layers.siluInPlace(Layers.run(norm1, store, x));
    h = Layers.run(conv1, store, h);
    h = Layers.siluInPlace(Layers.run(norm2, store, h));
    h = Layers.run(conv2, store, h);
    NDArray skip = ninShortcut == null ? x : Layers.run(ninShortcut, store, x);
    return h.addi(skip);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), outChannels, s.get(2), s.get(3))};
  }
}
