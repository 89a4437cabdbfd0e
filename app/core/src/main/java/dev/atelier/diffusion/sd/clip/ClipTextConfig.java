package dev.atelier.diffusion.sd.clip;

/**
 * The shape of a CLIP text transformer: how many tokens it knows, how wide and deep it is, and
 * which activation its feed-forward layers use.
 *
 * @param vocabSize rows of the token embedding
 * @param width hidden size of every token's state
 * @param layers transformer layers
 * @param heads attention heads per layer; divides {@code width}
 * @param positions longest token sequence (rows of the position embedding)
 * @param mlpWidth hidden size of each layer's feed-forward block
 * @param activation the feed-forward block's non-linearity
 * @param layerNormEpsilon added to the variance in every layer norm
 */
public record ClipTextConfig(
    int vocabSize,
    int width,
    int layers,
    int heads,
    int positions,
    int mlpWidth,
    Activation activation,
    float layerNormEpsilon) {

  /** The feed-forward non-linearity. */
  public enum Activation {
    /** {@code x · sigmoid(1.702 x)}, as OpenAI's CLIP was trained with. */
    QUICK_GELU,
    /** The exact, erf-based GELU. */
    GELU
  }

  public ClipTextConfig {
    if (vocabSize <= 0 || width <= 0 || layers <= 0 || heads <= 0 || positions <= 0) {
      throw new IllegalArgumentException("CLIP text sizes must be positive");
    }
    if (mlpWidth <= 0 || width % heads != 0) {
      throw new IllegalArgumentException(width + " channels do not split into " + heads + " heads");
    }
    if (activation == null || !(layerNormEpsilon > 0)) {
      throw new IllegalArgumentException("CLIP text config needs an activation and an epsilon > 0");
    }
  }

  /**
   * OpenAI's CLIP ViT-L/14 text transformer, the one Stable Diffusion 1.x conditions on: 49408
   * tokens, 768 wide, 12 layers of 12 heads, 77 positions, 3072-wide quick-GELU feed-forward.
   */
  public static ClipTextConfig sd15() {
    return new ClipTextConfig(49408, 768, 12, 12, 77, 3072, Activation.QUICK_GELU, 1e-5f);
  }
}
