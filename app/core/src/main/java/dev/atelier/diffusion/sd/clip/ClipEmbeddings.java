package dev.atelier.diffusion.sd.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Token ids (B, T) to the transformer's input (B, T, width): each token's learned vector plus the
 * learned vector of its position. Children {@code token_embedding} and {@code position_embedding}.
 */
final class ClipEmbeddings extends AbstractBlock {

  private static final byte VERSION = 1;

  private final EmbeddingTable tokens;
  private final EmbeddingTable positions;

  ClipEmbeddings() {
    super(VERSION);
    tokens = addChildBlock("token_embedding", new EmbeddingTable());
    positions = addChildBlock("position_embedding", new EmbeddingTable());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    long length = ids.getShape().get(1);
    NDArray tokenVectors = tokens.forward(store, new NDList(ids), training).head();
    NDArray order = ids.getManager().arange(0, (int) length, 1, DataType.INT64);
    NDArray positionVectors = positions.forward(store, new NDList(order), training).head();
    return new NDList(tokenVectors.add(positionVectors));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return tokens.getOutputShapes(inputShapes);
  }
}
