package dev.atelier.diffusion.sd.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.atelier.diffusion.nn.LayerNorm;
import dev.atelier.diffusion.nn.Precision;
import dev.atelier.diffusion.nn.WeightLoader;
import dev.atelier.diffusion.nn.WeightSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIP's text transformer as Stable Diffusion 1.x uses it: token ids (B, T) in, the final layer
 * norm of the last layer's states (B, T, width) out, which is what the UNet's cross-attention
 * reads. Attention is causal: each token sees itself and the tokens before it.
 *
 * <p>Child blocks are named after the checkpoint's modules under {@link #LDM_PREFIX} ({@code
 * embeddings.token_embedding}, {@code encoder.layers.0.self_attn.q_proj}, {@code final_layer_norm},
 * …), so {@link #load} is a table lookup; {@link #shapes} is that table.
 */
public final class ClipTextEncoder extends AbstractBlock {

  /** Where a single-file (LDM) Stable Diffusion checkpoint keeps the text encoder's tensors. */
  public static final String LDM_PREFIX = "cond_stage_model.transformer.text_model.";

  /** An int64 buffer of 0…T−1 some checkpoints carry; the encoder counts positions itself. */
  public static final String POSITION_IDS = "embeddings.position_ids";

  private static final byte VERSION = 1;

  private final ClipTextConfig config;
  private final ClipEmbeddings embeddings;
  private final Encoder encoder;
  private final LayerNorm finalNorm;

  public ClipTextEncoder(ClipTextConfig config) {
    super(VERSION);
    this.config = config;
    embeddings = addChildBlock("embeddings", new ClipEmbeddings());
    encoder = addChildBlock("encoder", new Encoder(config));
    finalNorm = addChildBlock("final_layer_norm", new LayerNorm(config.layerNormEpsilon()));
  }

  public ClipTextConfig config() {
    return config;
  }

  /**
   * Every parameter's key (relative to the text model, e.g. {@code
   * encoder.layers.3.mlp.fc1.weight}) and shape, in block order.
   */
  public static Map<String, Shape> shapes(ClipTextConfig c) {
    Map<String, Shape> t = new LinkedHashMap<>();
    Shape vector = new Shape(c.width());
    Shape square = new Shape(c.width(), c.width());
    t.put("embeddings.token_embedding.weight", new Shape(c.vocabSize(), c.width()));
    t.put("embeddings.position_embedding.weight", new Shape(c.positions(), c.width()));
    for (int i = 0; i < c.layers(); i++) {
      String layer = "encoder.layers." + i + ".";
      t.put(layer + "layer_norm1.weight", vector);
      t.put(layer + "layer_norm1.bias", vector);
      for (String projection : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
        t.put(layer + "self_attn." + projection + ".weight", square);
        t.put(layer + "self_attn." + projection + ".bias", vector);
      }
      t.put(layer + "layer_norm2.weight", vector);
      t.put(layer + "layer_norm2.bias", vector);
      t.put(layer + "mlp.fc1.weight", new Shape(c.mlpWidth(), c.width()));
      t.put(layer + "mlp.fc1.bias", new Shape(c.mlpWidth()));
      t.put(layer + "mlp.fc2.weight", new Shape(c.width(), c.mlpWidth()));
      t.put(layer + "mlp.fc2.bias", vector);
    }
    t.put("final_layer_norm.weight", vector);
    t.put("final_layer_norm.bias", vector);
    return t;
  }

  /**
   * Reads every parameter from {@code source}'s tensors named {@code prefix + key} (for a
   * single-file checkpoint, {@link #LDM_PREFIX}), onto {@code manager} as float32, or float16 when
   * it is on a GPU ({@link Precision}), after checking that all are there with the shapes {@link
   * #shapes} gives.
   *
   * @return keys under {@code prefix} that the encoder does not use, other than {@link
   *     #POSITION_IDS}; empty for a checkpoint of exactly this architecture
   * @throws dev.atelier.diffusion.ModelIntegrityException when a tensor is missing or misshapen
   */
  public List<String> load(WeightSource source, String prefix, NDManager manager) {
    DataType type = Precision.forWeights(manager.getDevice());
    List<String> unused =
        new ArrayList<>(WeightLoader.load(this, shapes(config), prefix, source, manager, type));
    unused.remove(prefix + POSITION_IDS);
    return unused;
  }

  /**
   * Encodes one row of token ids (a tokenizer's {@link ClipTokenizer#window}) to (1, T, width) on
   * {@code manager}.
   *
   * @throws IllegalArgumentException when the row is longer than the encoder's positions or an id
   *     is outside its vocabulary
   */
  public NDArray encode(long[] ids, NDManager manager) {
    if (ids.length == 0 || ids.length > config.positions()) {
      throw new IllegalArgumentException(
          "A text row holds 1 to " + config.positions() + " tokens, not " + ids.length);
    }
    for (long id : ids) {
      if (id < 0 || id >= config.vocabSize()) {
        throw new IllegalArgumentException(
            "Token id " + id + " is outside the text encoder's " + config.vocabSize() + " tokens");
      }
    }
    NDArray row = manager.create(ids, new Shape(1, ids.length));
    NDArray states = forward(new ParameterStore(manager, false), new NDList(row), false).head();
    NDArray out = Precision.as(states, DataType.FLOAT32); // float16 weights: float32 out
    if (out != states) {
      states.close();
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    NDArray x = embeddings.forward(store, new NDList(ids), training).head();
    NDArray mask =
        Precision.as(causalMask(ids.getManager(), (int) ids.getShape().get(1)), x.getDataType());
    x = encoder.forward(store, new NDList(x, mask), training).head();
    return finalNorm.forward(store, new NDList(x), training);
  }

  /** (T, T), 0 on and below the diagonal and −∞ above it, added to the attention scores. */
  static NDArray causalMask(NDManager manager, int length) {
    float[] mask = new float[length * length];
    for (int i = 0; i < length; i++) {
      Arrays.fill(mask, i * length + i + 1, (i + 1) * length, Float.NEGATIVE_INFINITY);
    }
    return manager.create(mask, new Shape(length, length));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.width())};
  }

  /** The transformer: a child {@code layers} holding the layers by index. */
  private static final class Encoder extends AbstractBlock {

    private final Layers layers;

    Encoder(ClipTextConfig config) {
      super(VERSION);
      layers = addChildBlock("layers", new Layers(config));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      return layers.forward(store, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0]};
    }
  }

  /** Layers named {@code 0}, {@code 1}, …, applied in order to (states, mask). */
  private static final class Layers extends AbstractBlock {

    private final List<ClipLayer> stack = new ArrayList<>();

    Layers(ClipTextConfig config) {
      super(VERSION);
      for (int i = 0; i < config.layers(); i++) {
        stack.add(addChildBlock(Integer.toString(i), new ClipLayer(config)));
      }
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray x = inputs.get(0);
      NDArray mask = inputs.get(1);
      for (ClipLayer layer : stack) {
        x = layer.forward(store, new NDList(x, mask), training).head();
      }
      return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {inputShapes[0]};
    }
  }
}
