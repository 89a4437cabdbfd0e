package dev.atelier.diffusion.sd.unet;

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
import dev.atelier.diffusion.nn.BlockGroup;
import dev.atelier.diffusion.nn.GroupNorm;
import dev.atelier.diffusion.nn.Precision;
import dev.atelier.diffusion.nn.WeightLoader;
import dev.atelier.diffusion.nn.WeightSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The Stable Diffusion 1.x denoising UNet (LDM's {@code UNetModel} with spatial transformers) as a
 * tree of DJL blocks whose names are the checkpoint's module names, so its parameters load from a
 * single-file checkpoint by key ({@link UNetShapes}).
 *
 * <p>It predicts the noise in latents {@code (B, C, H, W)} at fractional timesteps {@code (B)},
 * conditioned on text embeddings {@code (B, M, D)}: the timestep's sinusoidal features through
 * {@code time_embed}; {@code input_blocks} going down, each output kept; {@code middle_block};
 * {@code output_blocks} going up, each first joined with the latest kept map; then {@code out}
 * (group norm, SiLU, 3×3 convolution).
 *
 * <p>Build it, then fill it with {@link #loadWeights}; it is never initialised randomly.
 */
public final class SdUNet extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final double MAX_PERIOD = 10_000;

  private final UNetConfig config;
  private final Linear timeIn;
  private final Linear timeOut;
  private final List<Stage> input = new ArrayList<>();
  private final Stage middle;
  private final List<Stage> output = new ArrayList<>();
  private final GroupNorm outNorm;
  private final Conv2d outConv;
  private DataType weightType = DataType.FLOAT32;

  public SdUNet(UNetConfig config) {
    super(VERSION);
    this.config = config;
    UNetLayout layout = UNetLayout.of(config);
    int emb = config.timeEmbedDim();
    BlockGroup time = addChildBlock("time_embed", new BlockGroup());
    timeIn = time.add("0", Layers.linear(emb, true));
    timeOut = time.add("2", Layers.linear(emb, true));
    BlockGroup in = addChildBlock("input_blocks", new BlockGroup());
    for (var plan : layout.input()) {
      input.add(in.add(Integer.toString(input.size()), new Stage(plan, config)));
    }
    middle = addChildBlock("middle_block", new Stage(layout.middle(), config));
    BlockGroup out = addChildBlock("output_blocks", new BlockGroup());
    for (var plan : layout.output()) {
      output.add(out.add(Integer.toString(output.size()), new Stage(plan, config)));
    }
    BlockGroup last = addChildBlock("out", new BlockGroup());
    outNorm = last.add("0", new GroupNorm(config.groups(), UNetResBlock.EPSILON));
    outConv = last.add("2", Layers.conv(config.outChannels(), 3, 1));
  }

  public UNetConfig config() {
    return config;
  }

  /** {@code input_blocks.n}, for checks of single layers. */
  Stage inputBlock(int n) {
    return input.get(n);
  }

  /**
   * Fills every parameter from {@code source}, whose tensors are named {@code prefix + key} for
   * each key of {@link UNetShapes#shapes}; see {@link WeightLoader#load}.
   *
   * @param prefix {@link UNetShapes#CHECKPOINT_PREFIX} for a single-file checkpoint
   * @return the source's keys under {@code prefix} that the network does not use
   * @throws dev.atelier.diffusion.ModelIntegrityException when a tensor is missing or misshapen
   */
  public List<String> loadWeights(WeightSource source, String prefix, NDManager manager) {
    DataType type = Precision.forWeights(manager.getDevice());
    List<String> unused =
        WeightLoader.load(this, UNetShapes.shapes(config), prefix, source, manager, type);
    weightType = type;
    return unused;
  }

  /** The weights' number type: float16 when loaded onto a GPU, otherwise float32. */
  public DataType weightType() {
    return weightType;
  }

  /** {@link #predictNoise(NDArray, NDArray, NDArray, Runnable)} without a checkpoint. */
  public NDArray predictNoise(NDArray latents, NDArray timesteps, NDArray context) {
    return predictNoise(latents, timesteps, context, () -> {});
  }

  /**
   * Predicts the noise in {@code latents}. Intermediates live in a sub-manager of the latents'
   * manager and are freed before this returns; the result is on the latents' manager.
   *
   * @param latents (B, inChannels, H, W) float32, H and W multiples of {@link
   *     UNetConfig#sizeMultiple()}
   * @param timesteps (B) training timesteps, possibly fractional
   * @param context (B, M, contextDim) float32 text embeddings
   * @param betweenBlocks run after every block (about 25 times a call); it may throw to abandon the
   *     call, e.g. when the artist cancels
   * @return (B, outChannels, H, W) float32
   * @throws IllegalArgumentException when the shapes do not fit the configuration
   */
  public NDArray predictNoise(
      NDArray latents, NDArray timesteps, NDArray context, Runnable betweenBlocks) {
    checkInputs(latents.getShape(), timesteps.getShape(), context.getShape());
    ParameterStore ps = new ParameterStore(latents.getManager(), false);
    DataType type = weightType;
    if (type == DataType.FLOAT32) {
      return Layers.scoped(
          () -> run(ps, latents, timesteps, context, betweenBlocks), latents, timesteps, context);
    }
    // float16 weights (on a GPU): the network runs in float16, its caller sees float32.
    return Layers.scoped(
        () ->
            run(
                    ps,
                    Precision.as(latents, type),
                    timesteps,
                    Precision.as(context, type),
                    betweenBlocks)
                .toType(DataType.FLOAT32, false),
        latents,
        timesteps,
        context);
  }

  private NDArray run(
      ParameterStore ps, NDArray x, NDArray t, NDArray context, Runnable betweenBlocks) {
    NDArray emb =
        Layers.apply(
            timeIn,
            ps,
            Precision.as(timestepEmbedding(t, config.modelChannels()), x.getDataType()));
    emb = Layers.apply(timeOut, ps, Layers.siluInPlace(emb));
    Deque<NDArray> kept = new ArrayDeque<>();
    NDArray h = x;
    for (Stage stage : input) {
      h = stage.apply(ps, h, emb, context);
      kept.push(h);
      betweenBlocks.run();
    }
    h = middle.apply(ps, h, emb, context);
    betweenBlocks.run();
    for (Stage stage : output) {
      h = stage.apply(ps, NDArrays.concat(new NDList(h, kept.pop()), 1), emb, context);
      betweenBlocks.run();
    }
    h = Layers.siluInPlace(Layers.apply(outNorm, ps, h));
    return Layers.apply(outConv, ps, h);
  }

  /**
   * Sinusoidal timestep features as the architecture defines them: {@code dim/2} frequencies {@code
   * exp(-ln(10000)·i/(dim/2))}, cosines first, then sines.
   *
   * @param t (B) timesteps, any real value
   * @return (B, dim) float32 on t's manager
   */
  static NDArray timestepEmbedding(NDArray t, int dim) {
    int half = dim / 2;
    NDArray freqs =
        t.getManager()
            .arange(0, half, 1, DataType.FLOAT32)
            .mul((float) -Math.log(MAX_PERIOD))
            .div((float) half)
            .exp();
    NDArray args = t.toType(DataType.FLOAT32, false).expandDims(1).mul(freqs.expandDims(0));
    return NDArrays.concat(new NDList(args.cos(), args.sin()), 1);
  }

  private void checkInputs(Shape x, Shape t, Shape context) {
    int m = config.sizeMultiple();
    if (x.dimension() != 4
        || x.get(1) != config.inChannels()
        || x.get(2) <= 0
        || x.get(3) <= 0
        || x.get(2) % m != 0
        || x.get(3) % m != 0) {
      throw new IllegalArgumentException(
          "UNet latents must be (B, "
              + config.inChannels()
              + ", H, W) with H and W positive multiples of "
              + m
              + ", got "
              + x);
    }
    long b = x.get(0);
    if (t.dimension() != 1 || t.get(0) != b) {
      throw new IllegalArgumentException("UNet timesteps must be (" + b + "), got " + t);
    }
    if (context.dimension() != 3 || context.get(0) != b || context.get(2) != config.contextDim()) {
      throw new IllegalArgumentException(
          "UNet context must be (" + b + ", M, " + config.contextDim() + "), got " + context);
    }
  }

  /** Inputs: latents, timesteps, context; output: the predicted noise. */
  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(predictNoise(inputs.get(0), inputs.get(1), inputs.get(2)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape x = inputShapes[0];
    return new Shape[] {new Shape(x.get(0), config.outChannels(), x.get(2), x.get(3))};
  }
}
