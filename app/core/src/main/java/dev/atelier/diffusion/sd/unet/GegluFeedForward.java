package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.BlockGroup;

/**
 * The transformer's feed-forward with a GELU-gated linear unit (Shazeer, 2020): {@code net.0.proj}
 * maps C to 2·4C, whose first half is multiplied by the exact GELU of its second half, then {@code
 * net.2} maps 4C back to C.
 *
 * <p>Input and output: {@code (B, N, C)}.
 */
final class GegluFeedForward extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Linear proj;
  private final Linear down;

  GegluFeedForward(int channels) {
    super(VERSION);
    BlockGroup net = addChildBlock("net", new BlockGroup());
    proj = net.add("0", new BlockGroup()).add("proj", Layers.linear(8 * channels, true));
    down = net.add("2", Layers.linear(channels, true));
  }

  NDArray apply(ParameterStore ps, NDArray x) {
    return Layers.scoped(() -> feedForward(ps, x), x);
  }

  private NDArray feedForward(ParameterStore ps, NDArray x) {
    NDArray projected = Layers.apply(proj, ps, x);
    NDList halves = projected.split(2, projected.getShape().dimension() - 1);
    NDArray gated = Activation.gelu(halves.get(1)).muli(halves.get(0));
    return Layers.apply(down, ps, gated);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
