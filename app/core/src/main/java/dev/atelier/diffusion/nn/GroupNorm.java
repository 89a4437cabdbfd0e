package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalisation (Wu &amp; He, 2018) over (N, C, H, W): channels are split into groups, each
 * normalised over its channels and pixels, then scaled and shifted per channel. Unlike batch norm
 * it behaves the same in training and sampling, which diffusion models need.
 *
 * <p>Parameters: {@code gamma} (scale) and {@code beta} (shift), one per channel; {@link BlockKeys}
 * calls them {@code weight} and {@code bias}, as PyTorch checkpoints do.
 */
public final class GroupNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int groups;
  private final float epsilon;
  private final Parameter gamma;
  private final Parameter beta;

  /** With PyTorch's default epsilon, 1e-5. */
  public GroupNorm(int groups) {
    this(groups, 1e-5f);
  }

  /**
   * @param groups how many groups the channels split into
   * @param epsilon added to the variance before the square root
   */
  public GroupNorm(int groups, float epsilon) {
    super(VERSION);
    this.groups = groups;
    this.epsilon = epsilon;
    gamma =
        addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    long channels = inputShapes[0].get(1);
    if (channels % groups != 0) {
      throw new IllegalArgumentException(channels + " channels do not split into " + groups);
    }
    gamma.setShape(new Shape(channels));
    beta.setShape(new Shape(channels));
  }

  /**
   * Normalises each group with the engine's fused layer norm over the group's elements (the groups
   * of a contiguous map are contiguous runs, so this is a view), then scales and shifts each
   * channel in place: one new array the size of the input, where the same formula in separate
   * operations makes six (at 512² in the VAE each is a quarter of a gigabyte). Training scales and
   * shifts out of place, since the gradients need the normalised values.
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape shape = x.getShape();
    long n = shape.get(0);
    long c = shape.get(1);
    NDManager owner = x.getManager();
    NDArray normalised;
    try (NDManager scope = owner.newSubManager()) {
      NDArray grouped = x.reshape(n, groups, -1);
      grouped.attach(scope);
      Shape length = new Shape(grouped.getShape().get(2));
      // The fused kernel wants a per-element scale and shift; identity here, per channel below.
      normalised =
          grouped
              .getNDArrayInternal()
              .layerNorm(
                  grouped,
                  length,
                  scope.ones(length, grouped.getDataType()),
                  scope.zeros(length, grouped.getDataType()),
                  epsilon)
              .head();
      normalised.attach(owner);
    }
    // Reshaped views of the parameters belong to the input's manager, so they are freed with
    // the step rather than piling up beside the weights.
    NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(1, c, 1, 1);
    g.attach(owner);
    NDArray b = store.getValue(beta, x.getDevice(), training).reshape(1, c, 1, 1);
    b.attach(owner);
    NDArray y = normalised.reshape(shape);
    // In place when sampling; training keeps each step's input for the gradients.
    return new NDList(training ? y.mul(g).add(b) : y.muli(g).addi(b));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
