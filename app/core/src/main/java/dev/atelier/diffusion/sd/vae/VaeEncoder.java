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
 * The VAE's image-to-latent half as LDM builds it: {@code encoder.conv_in}; per level {@code
 * encoder.down.I.block.J} residual blocks and, except on the last level, {@code
 * encoder.down.I.downsample}; {@code encoder.mid}; {@code encoder.norm_out}, SiLU, {@code
 * encoder.conv_out}; then {@code quant_conv}. Child names are the single-file checkpoint's, so
 * {@link dev.atelier.diffusion.nn.BlockKeys} gives {@link VaeShapes#encoder}'s keys.
 *
 * <p>Input: images (B, 3, H, W) in [-1, 1]. Output: the latent distribution's moments (B, 2·z, H/f,
 * W/f), the mean's channels first, then the log-variance's.
 */
public final class VaeEncoder extends AbstractBlock {

  private static final byte VERSION = 1;

  private final VaeConfig config;
  private final Conv2d convIn;
  private final List<List<ResBlock>> blocks = new ArrayList<>();
  private final List<Resample> downsamples = new ArrayList<>();
  private final MidBlock mid;
  private final GroupNorm normOut;
  private final Conv2d convOut;
  private final Conv2d quantConv;

  public VaeEncoder(VaeConfig config) {
    super(VERSION);
    this.config = config;
    BlockGroup encoder = addChildBlock("encoder", new BlockGroup());
    convIn = encoder.add("conv_in", Layers.conv(config.channels(0), 3));
    BlockGroup down = encoder.add("down", new BlockGroup());
    int in = config.channels(0);
    for (int level = 0; level < config.levels(); level++) {
      BlockGroup stage = down.add(Integer.toString(level), new BlockGroup());
      BlockGroup block = stage.add("block", new BlockGroup());
      List<ResBlock> levelBlocks = new ArrayList<>();
      for (int j = 0; j < config.resBlocks(); j++) {
        levelBlocks.add(
            block.add(Integer.toString(j), new ResBlock(in, config.channels(level), config)));
        in = config.channels(level);
      }
      blocks.add(levelBlocks);
      if (level != config.levels() - 1) {
        downsamples.add(stage.add("downsample", Resample.down(in)));
      }
    }
    mid = encoder.add("mid", new MidBlock(in, config));
    normOut = encoder.add("norm_out", new GroupNorm(config.groups(), config.epsilon()));
    convOut = encoder.add("conv_out", Layers.conv(2 * config.latentChannels(), 3));
    quantConv = addChildBlock("quant_conv", Layers.conv(2 * config.latentChannels(), 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray image = inputs.head();
    NDArray h = Layers.run(convIn, store, image);
    for (int level = 0; level < config.levels(); level++) {
      for (ResBlock block : blocks.get(level)) {
        h = Layers.advance(block, store, h, image);
      }
      if (level < downsamples.size()) {
        h = Layers.advance(downsamples.get(level), store, h, image);
      }
    }
    h = Layers.advance(mid, store, h, image);
    NDArray moments =
        Layers.scoped(
            h,
            x -> {
              NDArray y = Layers.siluInPlace(Layers.run(normOut, store, x));
              return Layers.run(quantConv, store, Layers.run(convOut, store, y));
            });
    h.close();
    return new NDList(moments);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    int f = config.downFactor();
    return new Shape[] {
      new Shape(s.get(0), 2L * config.latentChannels(), s.get(2) / f, s.get(3) / f)
    };
  }
}
