package dev.atelier.diffusion;

import java.util.List;
import java.util.Optional;

/**
 * What a model can read of a prompt: how long a prompt it honours and, for a model that knows only
 * some words, which ones. Answers are data; each front end writes its own words.
 */
public interface PromptReader {

  /** A model that reads any words and sets no length of its own. */
  PromptReader OPEN = new PromptReader() {};

  /**
   * A prompt longer than the model reads.
   *
   * @param length the prompt's length in {@code unit}
   * @param limit the most the model reads, in {@code unit}
   * @param unit what is counted, e.g. "words" or "tokens"
   */
  record TooLong(int length, int limit, String unit) {}

  /**
   * The words a model with a fixed vocabulary understands, in groups of words that mean the same to
   * it, each group's main word first.
   *
   * @param styleGroups the words that choose what the picture shows
   * @param colourGroups the words that choose its colours
   */
  record KnownWords(List<List<String>> styleGroups, List<List<String>> colourGroups) {
    public KnownWords {
      styleGroups = styleGroups.stream().map(List::copyOf).toList();
      colourGroups = colourGroups.stream().map(List::copyOf).toList();
    }

    /** Every style word, group after group. */
    public List<String> styles() {
      return styleGroups.stream().flatMap(List::stream).toList();
    }

    /** Every colour word, group after group. */
    public List<String> colours() {
      return colourGroups.stream().flatMap(List::stream).toList();
    }
  }

  /** How far {@code prompt} goes over the model's limit; empty when the model reads all of it. */
  default Optional<TooLong> tooLong(String prompt) {
    return Optional.empty();
  }

  /** The words the model understands, when it understands only some; empty when it reads any. */
  default Optional<KnownWords> knownWords() {
    return Optional.empty();
  }

  /** Whether {@code prompt} names a style the model knows (always so for an open vocabulary). */
  default boolean namesKnownStyle(String prompt) {
    return true;
  }
}
