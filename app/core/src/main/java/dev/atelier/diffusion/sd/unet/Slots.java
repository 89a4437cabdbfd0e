package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A named group of child blocks that its owner runs itself, like a PyTorch {@code ModuleList} or a
 * {@code Sequential} with activations in between: it exists so that the children's parameters carry
 * the checkpoint's names (for example {@code in_layers.0} and {@code in_layers.2}, with the
 * activation at position 1 having no parameters). It has no forward pass of its own.
 */
final class Slots extends AbstractBlock {

  private static final byte VERSION = 1;

  Slots() {
    super(VERSION);
  }

  /** Adds {@code block} under {@code name} and returns it. */
  <B extends Block> B add(String name, B block) {
    return addChildBlock(name, block);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("A group of layers is run by its owner");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("A group of layers is run by its owner");
  }
}
