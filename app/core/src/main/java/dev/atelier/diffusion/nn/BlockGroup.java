package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A node of a block tree that only names its children, as a checkpoint's plain containers do: a
 * PyTorch {@code ModuleList} ({@code down.0.block}), or a {@code Sequential} with activations in
 * between ({@code in_layers.0} and {@code in_layers.2}, the activation at position 1 having no
 * parameters). It exists so that the children's parameters carry the checkpoint's names ({@link
 * BlockKeys}); the network that owns it runs the children itself, so it has no forward pass.
 */
public final class BlockGroup extends AbstractBlock {

  private static final byte VERSION = 1;

  public BlockGroup() {
    super(VERSION);
  }

  /** Adds {@code block} under {@code name} and returns it. */
  public <B extends Block> B add(String name, B block) {
    return addChildBlock(name, block);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("A block group is run by the network that owns it");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("A block group is run by the network that owns it");
  }
}
