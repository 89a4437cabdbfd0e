package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.BlockGroup;
import dev.atelier.diffusion.nn.GroupNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs transformer blocks over a feature map's pixels: group norm ({@code norm}, ε = 1e-6, unlike
 * the residual blocks), 1×1 {@code proj_in}, the pixels as a sequence of H·W tokens through {@code
 * transformer_blocks}, back to a map, 1×1 {@code proj_out}, added to the input.
 *
 * <p>Inputs: {@code x (B, C, H, W)}, {@code context (B, M, D)}. Output: {@code (B, C, H, W)}.
 */
final class SpatialTransformer extends AbstractBlock implements UNetLayer {

  private static final byte VERSION = 1;
  static final float EPSILON = 1e-6f;

  private final GroupNorm norm;
  private final Conv2d projIn;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final Conv2d projOut;

  SpatialTransformer(int channels, int heads, int depth, int groups) {
    super(VERSION);
    norm = addChildBlock("norm", new GroupNorm(groups, EPSILON));
    projIn = addChildBlock("proj_in", Layers.conv(channels, 1, 1));
    BlockGroup list = addChildBlock("transformer_blocks", new BlockGroup());
    for (int d = 0; d < depth; d++) {
      blocks.add(list.add(Integer.toString(d), new TransformerBlock(channels, heads)));
    }
    projOut = addChildBlock("proj_out", Layers.conv(channels, 1, 1));
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, NDArray emb, NDArray context) {
    return Layers.scoped(() -> transform(ps, x, context), x, context);
  }

  private NDArray transform(ParameterStore ps, NDArray x, NDArray context) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1);
    long h = s.get(2);
    long w = s.get(3);
    NDArray t = Layers.apply(projIn, ps, Layers.apply(norm, ps, x));
    t = t.transpose(0, 2, 3, 1).reshape(b, h * w, c);
    for (TransformerBlock block : blocks) {
      t = block.apply(ps, t, context);
    }
    // Back to (B, C, H, W), copied in that order: a transposed view would carry the pixel-major
    // layout into every later layer, and each group norm would have to copy it back.
    t = t.transpose(0, 2, 1).flatten().reshape(b, c, h, w);
    return Layers.apply(projOut, ps, t).addi(x);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.get(0), null, inputs.get(1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
