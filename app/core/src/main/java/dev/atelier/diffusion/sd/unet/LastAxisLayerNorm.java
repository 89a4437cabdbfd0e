package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer normalisation over the last axis of a known width, with scale and shift ({@code gamma},
 * {@code beta}; {@code weight}, {@code bias} in checkpoints). DJL's own layer norm learns its
 * normalised shape only when initialised, which a network loaded from a checkpoint never is.
 */
final class LastAxisLayerNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Shape normalized;
  private final float epsilon;
  private final Parameter gamma;
  private final Parameter beta;

  LastAxisLayerNorm(int width, float epsilon) {
    super(VERSION);
    this.normalized = new Shape(width);
    this.epsilon = epsilon;
    gamma =
        addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
    beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray g = store.getValue(gamma, x.getDevice(), training);
    NDArray b = store.getValue(beta, x.getDevice(), training);
    return new NDList(LayerNorm.layerNorm(x, normalized, g, b, epsilon).head());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
