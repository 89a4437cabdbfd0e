package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis, with a per-channel scale ({@code gamma}) and shift
 * ({@code beta}), which checkpoints call {@code weight} and {@code bias} ({@link BlockKeys}).
 * Unlike DJL's own layer norm it needs no initialisation pass to learn its normalised shape: its
 * parameters are set straight from a checkpoint, and the width is the input's last axis.
 */
public final class LayerNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  private final float epsilon;
  private final Parameter gamma;
  private final Parameter beta;

  /**
   * @param epsilon added to the variance (1e-5 in CLIP and the UNet's transformers)
   */
  public LayerNorm(float epsilon) {
    super(VERSION);
    this.epsilon = epsilon;
    gamma =
        addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape shape = x.getShape();
    NDArray g = store.getValue(gamma, x.getDevice(), training);
    NDArray b = store.getValue(beta, x.getDevice(), training);
    Shape normalised = new Shape(shape.get(shape.dimension() - 1));
    return x.getNDArrayInternal().layerNorm(x, normalised, g, b, epsilon);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
