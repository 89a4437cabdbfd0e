package dev.atelier.diffusion.tiny;

import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.PromptLabels;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.Arrays;
import java.util.Optional;

/**
 * How the built-in model reads prompts: only its style and palette words ({@link PromptLabels}),
 * and at most {@value #MAX_WORDS} words, the budget a CLIP text encoder gives a prompt (77 tokens
 * with its start and end), so a prompt written for one model fits the others.
 */
public final class TinyPromptReader implements PromptReader {

  /** The most words a prompt may have. */
  public static final int MAX_WORDS = 75;

  public static final TinyPromptReader INSTANCE = new TinyPromptReader();

  private static final KnownWords WORDS =
      new KnownWords(
          Arrays.stream(Style.values()).map(Style::words).toList(),
          Arrays.stream(Palette.values()).map(Palette::words).toList());

  private TinyPromptReader() {}

  @Override
  public Optional<TooLong> tooLong(String prompt) {
    int words = PromptLabels.wordCount(prompt);
    return words > MAX_WORDS
        ? Optional.of(new TooLong(words, MAX_WORDS, "words"))
        : Optional.empty();
  }

  @Override
  public Optional<KnownWords> knownWords() {
    return Optional.of(WORDS);
  }

  @Override
  public boolean namesKnownStyle(String prompt) {
    return PromptLabels.parse(prompt).style().isPresent();
  }
}
