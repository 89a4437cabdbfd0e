package dev.atelier.diffusion.sd.checkpoint;

/** How a checkpoint's files are laid out. */
public enum Layout {
  /** One {@code .safetensors} file with LDM key names ({@code model.diffusion_model.*}, …). */
  SINGLE_FILE("single file"),
  /** A diffusers folder: {@code unet/}, {@code vae/}, {@code text_encoder/}, {@code tokenizer/}. */
  DIFFUSERS_FOLDER("diffusers folder");

  private final String words;

  Layout(String words) {
    this.words = words;
  }

  /** The layout in words, for messages. */
  public String words() {
    return words;
  }
}
