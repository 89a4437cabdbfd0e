package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.Attention;
import dev.atelier.diffusion.nn.BlockGroup;

/**
 * Multi-head attention of a token sequence over itself ({@code attn1}) or over the text context
 * ({@code attn2}): {@code to_q}, {@code to_k}, {@code to_v} without bias, scaled dot-product per
 * head, then {@code to_out.0} with bias.
 *
 * <p>Inputs: {@code x (B, N, C)} and {@code context (B, M, D)}, or null for self-attention. Output:
 * {@code (B, N, C)}.
 */
final class CrossAttention extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int heads;
  private final Linear toQ;
  private final Linear toK;
  private final Linear toV;
  private final Linear toOut;

  CrossAttention(int channels, int heads) {
    super(VERSION);
    this.heads = heads;
    toQ = addChildBlock("to_q", Layers.linear(channels, false));
    toK = addChildBlock("to_k", Layers.linear(channels, false));
    toV = addChildBlock("to_v", Layers.linear(channels, false));
    toOut = addChildBlock("to_out", new BlockGroup()).add("0", Layers.linear(channels, true));
  }

  NDArray apply(ParameterStore ps, NDArray x, NDArray context) {
    return Layers.scoped(() -> attend(ps, x, context == null ? x : context), x, context);
  }

  private NDArray attend(ParameterStore ps, NDArray x, NDArray source) {
    NDArray q = Layers.apply(toQ, ps, x);
    NDArray k = Layers.apply(toK, ps, source);
    NDArray v = Layers.apply(toV, ps, source);
    return Layers.apply(toOut, ps, Attention.scaledDotProduct(q, k, v, heads, null));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
