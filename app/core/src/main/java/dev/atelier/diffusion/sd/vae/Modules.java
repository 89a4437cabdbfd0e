package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A node of the block tree that only names its children, as a checkpoint's plain containers do
 * ({@code down}, {@code down.0}, {@code down.0.block}, {@code mid}). The network that owns it runs
 * the children itself, so this block has no forward pass of its own.
 */
final class Modules extends AbstractBlock {

  private static final byte VERSION = 1;

  Modules() {
    super(VERSION);
  }

  /** Adds {@code block} under {@code name} and returns it. */
  <B extends Block> B add(String name, B block) {
    return addChildBlock(name, block);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("A module group is run by the network that owns it");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("A module group is run by the network that owns it");
  }
}
