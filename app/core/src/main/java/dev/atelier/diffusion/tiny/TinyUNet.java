package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.GroupNorm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The built-in model: a small UNet that predicts the noise in an image, conditioned on the
 * diffusion timestep and on a style and a palette label.
 *
 * <p>Inputs: {@code x (N, 3, S, S)} float32 noisy image, {@code t (N)} float32 timestep, {@code
 * labels (N, 2)} int32 style and palette index, where the index equal to the number of styles
 * (palettes) means "none" — the unconditional branch of classifier-free guidance. Output: the
 * predicted noise, {@code (N, 3, S, S)}.
 *
 * <p>Layout: the image is folded {@code patch}×{@code patch} into channels, goes down through
 * {@code channels.size()} levels of residual blocks with stride-2 convolutions, two blocks in the
 * middle, and back up with nearest-neighbour upsampling, each block on the way up joined with the
 * matching activation from the way down (skip connections).
 *
 * <p>With {@code refineChannels > 0}, a refinement stage follows at full resolution: the noisy
 * image and the UNet's output, side by side, go through a convolution, one residual block
 * conditioned like the others and a last convolution, whose result is added to the UNet's output.
 * The UNet sees the image in {@code patch}×{@code patch} cells; this stage sees single pixels,
 * which is where thin strands and sharp edges are decided in the last, least noisy steps. Its last
 * convolution starts at zero, so a network grown from one without the stage starts out predicting
 * exactly what that one did.
 */
public final class TinyUNet extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final int TIME_FEATURES = 64;

  private final TinyUNetConfig config;
  private final Linear time1;
  private final Linear time2;
  private final Linear styleEmbedding;
  private final Linear paletteEmbedding;
  private final Conv2d input;
  private final List<ResBlock> down = new ArrayList<>();
  private final List<Conv2d> downsample = new ArrayList<>();
  private final List<ResBlock> middle = new ArrayList<>();
  private final List<ResBlock> up = new ArrayList<>();
  private final List<Conv2d> upsample = new ArrayList<>();
  private final GroupNorm outNorm;
  private final Conv2d output;
  // The refinement stage; all null when refineChannels is 0. Added after the blocks above, so the
  // parameter names of a network without it stay the same.
  private final Conv2d refineIn;
  private final ResBlock refineBlock;
  private final GroupNorm refineNorm;
  private final Conv2d refineOut;

  public TinyUNet(TinyUNetConfig config) {
    super(VERSION);
    this.config = config;
    int e = config.embedDim();
    time1 = addChildBlock("time1", Linear.builder().setUnits(e).build());
    time2 = addChildBlock("time2", Linear.builder().setUnits(e).build());
    styleEmbedding = addChildBlock("style", Linear.builder().setUnits(e).optBias(false).build());
    paletteEmbedding =
        addChildBlock("palette", Linear.builder().setUnits(e).optBias(false).build());
    List<Integer> ch = config.channels();
    int levels = ch.size();
    int g = config.groups();
    input = addChildBlock("in", ResBlock.conv3x3(ch.get(0)));

    Deque<Integer> skips = new ArrayDeque<>();
    int current = ch.get(0);
    skips.push(current);
    for (int level = 0; level < levels; level++) {
      for (int b = 0; b < config.blocksPerLevel(); b++) {
        down.add(addChildBlock("down" + level + "_" + b, new ResBlock(current, ch.get(level), g)));
        current = ch.get(level);
        skips.push(current);
      }
      if (level < levels - 1) {
        downsample.add(
            addChildBlock(
                "downsample" + level,
                Conv2d.builder()
                    .setFilters(current)
                    .setKernelShape(new Shape(3, 3))
                    .optStride(new Shape(2, 2))
                    .optPadding(new Shape(1, 1))
                    .build()));
        skips.push(current);
      }
    }
    middle.add(addChildBlock("mid0", new ResBlock(current, current, g)));
    middle.add(addChildBlock("mid1", new ResBlock(current, current, g)));
    for (int level = levels - 1; level >= 0; level--) {
      for (int b = 0; b <= config.blocksPerLevel(); b++) {
        int joined = current + skips.pop();
        up.add(addChildBlock("up" + level + "_" + b, new ResBlock(joined, ch.get(level), g)));
        current = ch.get(level);
      }
      if (level > 0) {
        upsample.add(addChildBlock("upsample" + level, ResBlock.conv3x3(current)));
      }
    }
    outNorm = addChildBlock("outnorm", new GroupNorm(g));
    output = addChildBlock("out", ResBlock.conv3x3(config.foldedChannels()));
    int r = config.refineChannels();
    if (r > 0) {
      refineIn = addChildBlock("refine_in", ResBlock.conv3x3(r));
      refineBlock = addChildBlock("refine_block", new ResBlock(r, r, g));
      refineNorm = addChildBlock("refine_norm", new GroupNorm(g));
      refineOut = addChildBlock("refine_out", ResBlock.conv3x3(3));
    } else {
      refineIn = null;
      refineBlock = null;
      refineNorm = null;
      refineOut = null;
    }
  }

  /** Whether a parameter belongs to the refinement stage (and may be absent from older files). */
  static boolean isRefinement(String parameterName) {
    return parameterName.matches("\\d+refine_.*");
  }

  public TinyUNetConfig config() {
    return config;
  }

  /**
   * Sets the last convolution to zero, so a fresh network predicts no noise and training starts
   * from a calm state (a common choice for diffusion UNets). Call after {@code initialize}.
   */
  void zeroOutputLayer() {
    output.getParameters().values().forEach(p -> p.getArray().muli(0));
    if (refineOut != null) {
      refineOut.getParameters().values().forEach(p -> p.getArray().muli(0));
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray t = inputs.get(1);
    NDArray labels = inputs.get(2);

    NDArray emb = timeFeatures(t);
    emb = time1.forward(ps, new NDList(emb), training).head();
    emb = time2.forward(ps, new NDList(Ops.silu(emb)), training).head();
    NDArray style = labels.get(":, 0").oneHot(config.styles() + 1);
    NDArray palette = labels.get(":, 1").oneHot(config.palettes() + 1);
    emb = emb.add(styleEmbedding.forward(ps, new NDList(style), training).head());
    emb = emb.add(paletteEmbedding.forward(ps, new NDList(palette), training).head());
    emb = Ops.silu(emb);

    NDArray h = input.forward(ps, new NDList(fold(x)), training).head();
    Deque<NDArray> skips = new ArrayDeque<>();
    skips.push(h);
    int block = 0;
    int levels = config.channels().size();
    for (int level = 0; level < levels; level++) {
      for (int b = 0; b < config.blocksPerLevel(); b++) {
        h = down.get(block++).forward(ps, new NDList(h, emb), training).head();
        skips.push(h);
      }
      if (level < levels - 1) {
        h = downsample.get(level).forward(ps, new NDList(h), training).head();
        skips.push(h);
      }
    }
    for (ResBlock m : middle) {
      h = m.forward(ps, new NDList(h, emb), training).head();
    }
    block = 0;
    int ups = 0;
    for (int level = levels - 1; level >= 0; level--) {
      for (int b = 0; b <= config.blocksPerLevel(); b++) {
        h = NDArrays.concat(new NDList(h, skips.pop()), 1);
        h = up.get(block++).forward(ps, new NDList(h, emb), training).head();
      }
      if (level > 0) {
        h = h.repeat(2, 2).repeat(3, 2);
        h = upsample.get(ups++).forward(ps, new NDList(h), training).head();
      }
    }
    h = Ops.silu(outNorm.forward(ps, new NDList(h), training).head());
    h = output.forward(ps, new NDList(h), training).head();
    NDArray coarse = unfold(h);
    if (refineIn == null) {
      return new NDList(coarse);
    }
    NDArray r =
        refineIn
            .forward(ps, new NDList(NDArrays.concat(new NDList(x, coarse), 1)), training)
            .head();
    r = refineBlock.forward(ps, new NDList(r, emb), training).head();
    r = Ops.silu(refineNorm.forward(ps, new NDList(r), training).head());
    r = refineOut.forward(ps, new NDList(r), training).head();
    return new NDList(coarse.add(r));
  }

  /** Sinusoidal features of the timestep (Vaswani et al.; Ho et al. 2020). */
  private static NDArray timeFeatures(NDArray t) {
    int half = TIME_FEATURES / 2;
    NDManager m = t.getManager();
    NDArray freqs = m.arange(0, half, 1, DataType.FLOAT32).mul(-Math.log(10_000) / half).exp();
    NDArray args = t.toType(DataType.FLOAT32, false).expandDims(1).mul(freqs.expandDims(0));
    return NDArrays.concat(new NDList(args.sin(), args.cos()), 1);
  }

  /** (N, C, H, W) → (N, C·p², H/p, W/p). */
  private NDArray fold(NDArray x) {
    int p = config.patch();
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2) / p;
    long w = s.get(3) / p;
    return x.reshape(n, c, h, p, w, p).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * p * p, h, w);
  }

  /** (N, C·p², H, W) → (N, C, H·p, W·p), the inverse of {@link #fold}. */
  private NDArray unfold(NDArray x) {
    int p = config.patch();
    Shape s = x.getShape();
    long n = s.get(0);
    long c = s.get(1) / (p * p);
    long h = s.get(2);
    long w = s.get(3);
    return x.reshape(n, c, p, p, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * p, w * p);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    long n = shapes[0].get(0);
    int e = config.embedDim();
    time1.initialize(manager, dataType, new Shape(n, TIME_FEATURES));
    time2.initialize(manager, dataType, new Shape(n, e));
    styleEmbedding.initialize(manager, dataType, new Shape(n, config.styles() + 1));
    paletteEmbedding.initialize(manager, dataType, new Shape(n, config.palettes() + 1));
    Shape emb = new Shape(n, e);

    long side = config.imageSize() / config.patch();
    input.initialize(manager, dataType, new Shape(n, config.foldedChannels(), side, side));
    List<Integer> ch = config.channels();
    Deque<Long> skips = new ArrayDeque<>();
    long current = ch.get(0);
    skips.push(current);
    int block = 0;
    for (int level = 0; level < ch.size(); level++) {
      for (int b = 0; b < config.blocksPerLevel(); b++) {
        down.get(block++).initialize(manager, dataType, new Shape(n, current, side, side), emb);
        current = ch.get(level);
        skips.push(current);
      }
      if (level < ch.size() - 1) {
        downsample.get(level).initialize(manager, dataType, new Shape(n, current, side, side));
        side /= 2;
        skips.push(current);
      }
    }
    for (ResBlock m : middle) {
      m.initialize(manager, dataType, new Shape(n, current, side, side), emb);
    }
    block = 0;
    int ups = 0;
    for (int level = ch.size() - 1; level >= 0; level--) {
      for (int b = 0; b <= config.blocksPerLevel(); b++) {
        Shape joined = new Shape(n, current + skips.pop(), side, side);
        up.get(block++).initialize(manager, dataType, joined, emb);
        current = ch.get(level);
      }
      if (level > 0) {
        side *= 2;
        upsample.get(ups++).initialize(manager, dataType, new Shape(n, current, side, side));
      }
    }
    outNorm.initialize(manager, dataType, new Shape(n, current, side, side));
    output.initialize(manager, dataType, new Shape(n, current, side, side));
    if (refineIn != null) {
      int r = config.refineChannels();
      long full = config.imageSize();
      refineIn.initialize(manager, dataType, new Shape(n, 6, full, full));
      refineBlock.initialize(manager, dataType, new Shape(n, r, full, full), emb);
      refineNorm.initialize(manager, dataType, new Shape(n, r, full, full));
      refineOut.initialize(manager, dataType, new Shape(n, r, full, full));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
