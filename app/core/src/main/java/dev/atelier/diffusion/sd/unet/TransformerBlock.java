package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.LayerNorm;

/**
 * One pre-norm transformer block over the pixels as tokens: self-attention ({@code attn1} after
 * {@code norm1}), cross-attention to the text ({@code attn2} after {@code norm2}) and the GEGLU
 * feed-forward ({@code ff} after {@code norm3}), each added to its input. Layer norms use ε = 1e-5.
 *
 * <p>Inputs: {@code x (B, N, C)}, {@code context (B, M, D)}. Output: {@code (B, N, C)}.
 */
final class TransformerBlock extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final float EPSILON = 1e-5f;

  private final CrossAttention attn1;
  private final GegluFeedForward ff;
  private final CrossAttention attn2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final LayerNorm norm3;

  TransformerBlock(int channels, int heads) {
    super(VERSION);
    // Children in the checkpoint's order.
    attn1 = addChildBlock("attn1", new CrossAttention(channels, heads));
    ff = addChildBlock("ff", new GegluFeedForward(channels));
    attn2 = addChildBlock("attn2", new CrossAttention(channels, heads));
    norm1 = addChildBlock("norm1", new LayerNorm(EPSILON));
    norm2 = addChildBlock("norm2", new LayerNorm(EPSILON));
    norm3 = addChildBlock("norm3", new LayerNorm(EPSILON));
  }

  NDArray apply(ParameterStore ps, NDArray x, NDArray context) {
    return Layers.scoped(() -> transform(ps, x, context), x, context);
  }

  private NDArray transform(ParameterStore ps, NDArray x, NDArray context) {
    NDArray h = attn1.apply(ps, Layers.apply(norm1, ps, x), null).addi(x);
    h = attn2.apply(ps, Layers.apply(norm2, ps, h), context).addi(h);
    return ff.apply(ps, Layers.apply(norm3, ps, h)).addi(h);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.get(0), inputs.get(1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
