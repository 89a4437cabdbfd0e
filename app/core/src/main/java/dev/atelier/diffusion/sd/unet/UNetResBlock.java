package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.BlockGroup;
import dev.atelier.diffusion.nn.GroupNorm;

/**
 * Residual block conditioned on the timestep: {@code in_layers} (group norm, SiLU, 3×3 conv), plus
 * {@code emb_layers} (SiLU, linear) of the embedding added per channel, then {@code out_layers}
 * (group norm, SiLU, 3×3 conv), added to the input, which passes a 1×1 {@code skip_connection} when
 * the channel count changes. Group norms use ε = 1e-5.
 *
 * <p>Inputs: {@code x (B, in, H, W)}, {@code emb (B, E)}. Output: {@code (B, out, H, W)}.
 */
final class UNetResBlock extends AbstractBlock implements UNetLayer {

  private static final byte VERSION = 1;
  static final float EPSILON = 1e-5f;

  private final int outChannels;
  private final GroupNorm inNorm;
  private final Conv2d inConv;
  private final Linear embProjection;
  private final GroupNorm outNorm;
  private final Conv2d outConv;
  private final Conv2d skip; // null when the channel count stays

  UNetResBlock(int inChannels, int outChannels, int groups) {
    super(VERSION);
    this.outChannels = outChannels;
    BlockGroup in = addChildBlock("in_layers", new BlockGroup());
    inNorm = in.add("0", new GroupNorm(groups, EPSILON));
    inConv = in.add("2", Layers.conv(outChannels, 3, 1));
    BlockGroup emb = addChildBlock("emb_layers", new BlockGroup());
    embProjection = emb.add("1", Layers.linear(outChannels, true));
    BlockGroup out = addChildBlock("out_layers", new BlockGroup());
    outNorm = out.add("0", new GroupNorm(groups, EPSILON));
    outConv = out.add("3", Layers.conv(outChannels, 3, 1));
    skip =
        inChannels == outChannels
            ? null
            : addChildBlock("skip_connection", Layers.conv(outChannels, 1, 1));
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, NDArray emb, NDArray context) {
    return Layers.scoped(() -> residual(ps, x, emb), x, emb);
  }

  private NDArray residual(ParameterStore ps, NDArray x, NDArray emb) {
    NDArray h = Layers.siluInPlace(Layers.apply(inNorm, ps, x));
    h = Layers.apply(inConv, ps, h);
    NDArray e = Layers.apply(embProjection, ps, Layers.silu(emb));
    h.addi(e.reshape(e.getShape().get(0), outChannels, 1, 1));
    h = Layers.siluInPlace(Layers.apply(outNorm, ps, h));
    h = Layers.apply(outConv, ps, h);
    NDArray shortcut = skip == null ? x : Layers.apply(skip, ps, x);
    return h.addi(shortcut);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.get(0), inputs.get(1), null));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), outChannels, x.get(2), x.get(3))};
  }
}
