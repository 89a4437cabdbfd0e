package dev.atelier.generate;

import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.PromptReader.KnownWords;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules every prompt meets, wherever it comes from (the studio's form, the command line, a
 * batch file):
 *
 * <ul>
 *   <li>it is not blank;
 *   <li>it, and the negative prompt, are no longer than the model reads ({@link
 *       PromptReader#tooLong}): a longer prompt would be cut silently, so it is refused;
 *   <li>a model that knows only some words (the built-in one) should find a style among them; when
 *       it finds none it picks one at random, so the front end says so and lists the words ({@link
 *       #advice}). This is advice, not a refusal: a random style is a valid picture.
 * </ul>
 */
public final class PromptCheck {

  private PromptCheck() {}

  /**
   * Advice for a prompt in which a model with a fixed vocabulary finds no style.
   *
   * @param words what the model understands
   */
  public record StyleAdvice(KnownWords words) {

    /** The advice in plain words. */
    public String message() {
      return "The model knows no style in this prompt, so it picks one at random. Styles it"
          + " understands: "
          + listed(words.styleGroups())
          + ". Colours: "
          + listed(words.colourGroups())
          + ".";
    }

    /** {@code sunset (sunrise, sun); wave (sea, surf)}: each group's main word, then the rest. */
    private static String listed(List<List<String>> groups) {
      return groups.stream()
          .map(
              g ->
                  g.size() == 1
                      ? g.getFirst()
                      : g.getFirst() + " (" + String.join(", ", g.subList(1, g.size())) + ")")
          .collect(Collectors.joining("; "));
    }
  }

  /** Throws when the prompt is blank. */
  public static void requireNotBlank(String prompt) {
    if (prompt == null || prompt.isBlank()) {
      throw PromptException.blank();
    }
  }

  /**
   * Checks the prompt and the negative prompt against what the model {@code modelId} reads.
   *
   * @throws PromptException when the prompt is blank or either is too long
   */
  public static void require(
      String modelId, PromptReader reader, String prompt, String negativePrompt) {
    requireNotBlank(prompt);
    reader
        .tooLong(prompt)
        .ifPresent(
            t -> {
              throw PromptException.tooLong(modelId, "prompt", t.length(), t.limit(), t.unit());
            });
    if (negativePrompt != null && !negativePrompt.isBlank()) {
      reader
          .tooLong(negativePrompt)
          .ifPresent(
              t -> {
                throw PromptException.tooLong(
                    modelId, "negative prompt", t.length(), t.limit(), t.unit());
              });
    }
  }

  /** As {@link #require(String, PromptReader, String, String)} for a whole request. */
  public static void require(String modelId, PromptReader reader, GenerationRequest request) {
    require(modelId, reader, request.prompt(), request.negativePrompt());
  }

  /** Advice when the model knows only some words and {@code prompt} names no style among them. */
  public static Optional<StyleAdvice> advice(PromptReader reader, String prompt) {
    if (prompt == null || prompt.isBlank() || reader.namesKnownStyle(prompt)) {
      return Optional.empty();
    }
    return reader.knownWords().map(StyleAdvice::new);
  }
}
