package dev.atelier.diffusion.sd.vae;

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
 * The VAE's latent-to-image half as LDM builds it: {@code post_quant_conv}; {@code
 * decoder.conv_in}; {@code decoder.mid}; per level, from the lowest resolution up, {@code
 * decoder.up.I.block.J} (one more residual block than the encoder has per level) and, except on
 * level 0, {@code decoder.up.I.upsample}; {@code decoder.norm_out}, SiLU, {@code decoder.conv_out}.
 * LDM numbers the {@code up} levels by resolution, as the encoder's {@code down}, so they run in
 * reverse order: {@code up.3} first, {@code up.0} last.
 *
 * <p>Input: unscaled latents z (B, z, h, w), that is, the diffusion model's latents divided by the
 * scaling factor. Output: images (B, 3, f·h, f·w), about [-1, 1] (not clamped).
 */
public final class VaeDecoder extends AbstractBlock {

  private static final byte VERSION = 1;

  private final VaeConfig config;
  private final Conv2d postQuantConv;
  private final Conv2d convIn;
  private final MidBlock mid;

  /** Indexed by level, as the keys are; run from the last to the first. */
  private final List<List<ResBlock>> blocks = new ArrayList<>();

  /** Indexed by level; null on level 0. */
  private final List<Resample> upsamples = new ArrayList<>();

  private final GroupNorm normOut;
  private final Conv2d convOut;

  public VaeDecoder(VaeConfig config) {
    super(VERSION);
    this.config = config;
    postQuantConv = addChildBlock("post_quant_conv", Layers.conv(config.latentChannels(), 1));
    BlockGroup decoder = addChildBlock("decoder", new BlockGroup());
    int top = config.levels() - 1;
    convIn = decoder.add("conv_in", Layers.conv(config.channels(top), 3));
    mid = decoder.add("mid", new MidBlock(config.channels(top), config));
    BlockGroup up = decoder.add("up", new BlockGroup());
    for (int level = 0; level <= top; level++) {
      // a level's first block takes the channels of the level that ran before it (one above)
      int in = config.channels(Math.min(level + 1, top));
      int out = config.channels(level);
      BlockGroup stage = up.add(Integer.toString(level), new BlockGroup());
      BlockGroup block = stage.add("block", new BlockGroup());
      List<ResBlock> levelBlocks = new ArrayList<>();
      for (int j = 0; j <= config.resBlocks(); j++) {
        levelBlocks.add(block.add(Integer.toString(j), new ResBlock(in, out, config)));
        in = out;
      }
      blocks.add(levelBlocks);
      upsamples.add(level == 0 ? null : stage.add("upsample", Resample.up(out)));
    }
    normOut = decoder.add("norm_out", new GroupNorm(config.groups(), config.epsilon()));
    convOut = decoder.add("conv_out", Layers.conv(3, 3));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray z = inputs.head();
    NDArray h = Layers.run(postQuantConv, store, z);
    h = Layers.advance(convIn, store, h, z);
    h = Layers.advance(mid, store, h, z);
    for (int level = config.levels() - 1; level >= 0; level--) {
      for (ResBlock block : blocks.get(level)) {
        h = Layers.advance(block, store, h, z);
      }
      if (upsamples.get(level) != null) {
        h = Layers.advance(upsamples.get(level), store, h, z);
      }
    }
    NDArray image =
        Layers.scoped(
            h, x -> Layers.run(convOut, store, Layers.siluInPlace(Layers.run(normOut, store, x))));
    h.close();
    return new NDList(image);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    int f = config.downFactor();
    return new Shape[] {new Shape(s.get(0), 3, s.get(2) * f, s.get(3) * f)};
  }
}
