package dev.atelier.diffusion.sd.checkpoint;

/**
 * One text encoder found in a checkpoint, under its LDM key prefix. SD 1.x has one (CLIP ViT-L/14);
 * SDXL has two.
 *
 * @param prefix the key prefix of its tensors, e.g. {@code
 *     cond_stage_model.transformer.text_model.}
 * @param kind the key layout of its tensors
 * @param width hidden width (768 for CLIP ViT-L/14)
 * @param layers transformer layers (12)
 * @param vocabSize rows of the token embedding (49408)
 * @param maxPositions rows of the position embedding: tokens per prompt (77)
 */
public record TextEncoderSpec(
    String prefix, Kind kind, int width, int layers, int vocabSize, int maxPositions) {

  /** The layout of a text encoder's keys. */
  public enum Kind {
    /** Hugging Face transformers' CLIPTextModel names ({@code encoder.layers.N.self_attn.…}). */
    CLIP,
    /** OpenCLIP names ({@code transformer.resblocks.N.attn.in_proj_weight}), as SD 2.x ships. */
    OPEN_CLIP
  }
}
