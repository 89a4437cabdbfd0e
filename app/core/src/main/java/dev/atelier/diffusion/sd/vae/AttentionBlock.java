package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.Attention;
import dev.atelier.diffusion.nn.GroupNorm;

/**
 * Single-head self-attention over the pixels of the VAE's lowest resolution ({@code mid.attn_1}):
 * group norm, then 1×1 convolutions {@code q}, {@code k}, {@code v}, attention over all H·W
 * positions with scale 1/√C, the 1×1 {@code proj_out}, and the residual.
 */
final class AttentionBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final GroupNorm norm;
  private final Conv2d q;
  private final Conv2d k;
  private final Conv2d v;
  private final Conv2d projOut;

  AttentionBlock(int channels, VaeConfig config) {
    super(VERSION);
    norm = addChildBlock("norm", new GroupNorm(config.groups(), config.epsilon()));
    q = addChildBlock("q", Layers.conv(channels, 1));
    k = addChildBlock("k", Layers.conv(channels, 1));
    v = addChildBlock("v", Layers.conv(channels, 1));
    projOut = addChildBlock("proj_out", Layers.conv(channels, 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(Layers.scoped(inputs.head(), x -> apply(store, x)));
  }

  private NDArray apply(ParameterStore store, NDArray x) {
    Shape s = x.getShape();
    NDArray h = Layers.run(norm, store, x);
    NDArray attended =
        Attention.scaledDotProduct(
            tokens(Layers.run(q, store, h)),
            tokens(Layers.run(k, store, h)),
            tokens(Layers.run(v, store, h)),
            1,
            null);
    NDArray image = attended.transpose(0, 2, 1).reshape(s);
    return Layers.run(projOut, store, image).addi(x);
  }

  /** (B, C, H, W) → (B, H·W, C). */
  private static NDArray tokens(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
