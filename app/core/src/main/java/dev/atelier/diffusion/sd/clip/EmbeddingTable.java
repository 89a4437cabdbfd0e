package dev.atelier.diffusion.sd.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A table of learned vectors, one row per index: {@code weight} of shape (rows, width). Its forward
 * maps int64 indices of any shape to their rows, adding a trailing axis of {@code width}.
 */
final class EmbeddingTable extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Parameter weight;

  EmbeddingTable() {
    super(VERSION);
    weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray indices = inputs.singletonOrThrow();
    NDArray table = store.getValue(weight, indices.getDevice(), training);
    return indices.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape w = weight.getArray().getShape();
    return new Shape[] {inputShapes[0].add(w.get(1))};
  }
}
