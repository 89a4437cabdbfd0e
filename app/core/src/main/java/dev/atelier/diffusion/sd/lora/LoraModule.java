package dev.atelier.diffusion.sd.lora;

import ai.djl.ndarray.NDArray;

/**
 * One module of a kohya-format LoRA: the low-rank pair that changes one linear or convolution
 * weight {@code W (out, in[, k, k])} by {@code (alpha / rank) · up @ down}.
 *
 * @param name the file's module name, e.g. {@code
 *     lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q}
 * @param part which network it changes
 * @param module the name without its prefix: the network's module path with '.' written as '_'
 * @param down {@code (rank, in)} or {@code (rank, in, k, k)}, float32
 * @param up {@code (out, rank)} or {@code (out, rank, 1, 1)}, float32
 * @param alpha the file's alpha, or the rank when the file has none
 */
public record LoraModule(
    String name, Part part, String module, NDArray down, NDArray up, double alpha) {

  /** The network a module changes. */
  public enum Part {
    /** The denoising UNet ({@code lora_unet_…}). */
    UNET,
    /** The CLIP text encoder ({@code lora_te_…}). */
    TEXT_ENCODER
  }

  /** The rank: rows of {@code down}. */
  public int rank() {
    return Math.toIntExact(down.getShape().get(0));
  }

  /** {@code alpha / rank}, the factor every kohya LoRA applies before the user's weight. */
  public double scale() {
    return alpha / rank();
  }
}
