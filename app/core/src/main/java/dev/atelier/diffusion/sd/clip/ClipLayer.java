package dev.atelier.diffusion.sd.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.Attention;
import dev.atelier.diffusion.nn.LayerNorm;

/**
 * One pre-norm transformer layer of the CLIP text encoder: {@code x + self_attn(layer_norm1(x))},
 * then {@code x + mlp(layer_norm2(x))}. Its forward takes (states, additive attention mask).
 */
final class ClipLayer extends AbstractBlock {

  private static final byte VERSION = 1;

  private final LayerNorm norm1;
  private final SelfAttention attention;
  private final LayerNorm norm2;
  private final Mlp mlp;

  ClipLayer(ClipTextConfig config) {
    super(VERSION);
    norm1 = addChildBlock("layer_norm1", new LayerNorm(config.layerNormEpsilon()));
    attention = addChildBlock("self_attn", new SelfAttention(config.width(), config.heads()));
    norm2 = addChildBlock("layer_norm2", new LayerNorm(config.layerNormEpsilon()));
    mlp = addChildBlock("mlp", new Mlp(config));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    NDArray mask = inputs.get(1);
    NDArray h = norm1.forward(store, new NDList(x), training).head();
    x = x.add(attention.forward(store, new NDList(h, mask), training).head());
    h = norm2.forward(store, new NDList(x), training).head();
    return new NDList(x.add(mlp.forward(store, new NDList(h), training).head()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  private static Linear linear(long units) {
    return Linear.builder().setUnits(units).build();
  }

  /**
   * Multi-head self-attention with separate query, key, value and output projections, each with a
   * bias ({@code q_proj}, {@code k_proj}, {@code v_proj}, {@code out_proj}).
   */
  static final class SelfAttention extends AbstractBlock {

    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;

    SelfAttention(int width, int heads) {
      super(VERSION);
      this.heads = heads;
      query = addChildBlock("q_proj", linear(width));
      key = addChildBlock("k_proj", linear(width));
      value = addChildBlock("v_proj", linear(width));
      out = addChildBlock("out_proj", linear(width));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDList x = new NDList(inputs.get(0));
      NDArray q = query.forward(store, x, training).head();
      NDArray k = key.forward(store, x, training).head();
      NDArray v = value.forward(store, x, training).head();
      NDArray mixed = Attention.scaledDotProduct(q, k, v, heads, inputs.get(1));
      return out.forward(store, new NDList(mixed), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0]};
    }
  }

  /** {@code fc2(activation(fc1(x)))}. */
  static final class Mlp extends AbstractBlock {

    private final ClipTextConfig.Activation activation;
    private final Linear fc1;
    private final Linear fc2;

    Mlp(ClipTextConfig config) {
      super(VERSION);
      activation = config.activation();
      fc1 = addChildBlock("fc1", linear(config.mlpWidth()));
      fc2 = addChildBlock("fc2", linear(config.width()));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray h = fc1.forward(store, inputs, training).head();
      h =
          switch (activation) {
            case QUICK_GELU -> h.mul(Activation.sigmoid(h.mul(1.702f)));
            case GELU -> Activation.gelu(h);
          };
      return fc2.forward(store, new NDList(h), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0]};
    }
  }
}
