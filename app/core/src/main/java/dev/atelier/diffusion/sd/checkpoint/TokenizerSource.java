package dev.atelier.diffusion.sd.checkpoint;

import java.nio.file.Path;

/** Where the model's BPE tokenizer comes from. */
public sealed interface TokenizerSource {

  /** The CLIP vocabulary that ships with Atelier (single-file checkpoints carry none). */
  record BundledClip() implements TokenizerSource {}

  /** A diffusers folder's own {@code tokenizer/vocab.json} and {@code tokenizer/merges.txt}. */
  record Folder(Path vocab, Path merges) implements TokenizerSource {}
}
