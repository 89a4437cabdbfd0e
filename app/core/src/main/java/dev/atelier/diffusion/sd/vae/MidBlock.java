package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The lowest resolution of encoder and decoder: {@code block_1}, {@code attn_1}, {@code block_2}.
 */
final class MidBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final ResBlock block1;
  private final AttentionBlock attn1;
  private final ResBlock block2;

  MidBlock(int channels, VaeConfig config) {
    super(VERSION);
    block1 = addChildBlock("block_1", new ResBlock(channels, channels, config));
    attn1 = addChildBlock("attn_1", new AttentionBlock(channels, config));
    block2 = addChildBlock("block_2", new ResBlock(channels, channels, config));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();
    NDArray h = Layers.run(block1, store, x);
    h = Layers.advance(attn1, store, h, x);
    return new NDList(Layers.advance(block2, store, h, x));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
