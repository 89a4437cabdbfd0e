package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.GroupNorm;

/**
 * Residual block conditioned on an embedding: {@code GN → SiLU → conv → + proj(emb) → GN → SiLU →
 * conv}, added to the input (through a 1×1 convolution when the channel count changes). Inputs:
 * {@code x (N, Cin, H, W)} and {@code emb (N, E)} (already passed through SiLU).
 */
final class ResBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int outChannels;
  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final Linear embedding;
  private final GroupNorm norm2;
  private final Conv2d conv2;
  private final Conv2d skip; // null when the channel count stays

  ResBlock(int inChannels, int outChannels, int groups) {
    super(VERSION);
    this.outChannels = outChannels;
    norm1 = addChildBlock("norm1", new GroupNorm(groups));
    conv1 = addChildBlock("conv1", conv3x3(outChannels));
    embedding = addChildBlock("emb", Linear.builder().setUnits(outChannels).build());
    norm2 = addChildBlock("norm2", new GroupNorm(groups));
    conv2 = addChildBlock("conv2", conv3x3(outChannels));
    skip =
        inChannels == outChannels
            ? null
            : addChildBlock(
                "skip",
                Conv2d.builder().setFilters(outChannels).setKernelShape(new Shape(1, 1)).build());
  }

  static Conv2d conv3x3(int filters) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(3, 3))
        .optPadding(new Shape(1, 1))
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray emb = inputs.get(1);
    NDArray h = Ops.silu(norm1.forward(store, new NDList(x), training).head());
    h = conv1.forward(store, new NDList(h), training).head();
    NDArray e = embedding.forward(store, new NDList(emb), training).head();
    h = h.add(e.reshape(e.getShape().get(0), outChannels, 1, 1));
    h = Ops.silu(norm2.forward(store, new NDList(h), training).head());
    h = conv2.forward(store, new NDList(h), training).head();
    NDArray shortcut = skip == null ? x : skip.forward(store, new NDList(x), training).head();
    return new NDList(shortcut.add(h));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Shape x = shapes[0];
    Shape out = new Shape(x.get(0), outChannels, x.get(2), x.get(3));
    norm1.initialize(manager, dataType, x);
    conv1.initialize(manager, dataType, x);
    embedding.initialize(manager, dataType, shapes[1]);
    norm2.initialize(manager, dataType, out);
    conv2.initialize(manager, dataType, out);
    if (skip != null) {
      skip.initialize(manager, dataType, x);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
  }
}
