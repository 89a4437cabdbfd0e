package dev.atelier.diffusion.tiny.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the conditioning labels of the built-in model, a {@link Style} and a {@link Palette}, out
 * of a free-text prompt.
 *
 * <p>Matching rules:
 *
 * <ul>
 *   <li>The prompt is lower-cased and split into words at every character that is not a letter or a
 *       digit; only whole words match ("sunny" does not match "sun").
 *   <li>A vocabulary entry may be a phrase of several words ("night sky", "flow field", "black and
 *       white"); its words must appear consecutively.
 *   <li>Simple plurals match their singular: a trailing "s" or "es" is dropped, and "ies" becomes
 *       "y" ("stars", "waves", "galaxies", "night skies").
 *   <li>Words that are in neither vocabulary are ignored.
 *   <li>When several styles (or several palettes) are named, the one that appears first in the
 *       prompt wins.
 * </ul>
 *
 * <p>The vocabularies are {@link Style#words()} and {@link Palette#words()}; no word belongs to two
 * labels. {@link #vocabulary()} lists them for display.
 */
public final class PromptLabels {

  /** What a prompt asks for; each part is empty when the prompt names none. */
  public record Labels(Optional<Style> style, Optional<Palette> palette) {
    public Labels {
      Objects.requireNonNull(style, "style");
      Objects.requireNonNull(palette, "palette");
    }
  }

  /** Every prompt word, per label, in declaration order. */
  public record Vocabulary(Map<Style, List<String>> styles, Map<Palette, List<String>> palettes) {}

  private static final Pattern WORD_BREAK = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** A vocabulary phrase split into words, with the label it selects. */
  private record Entry(List<String> words, Enum<?> label) {}

  /** All entries, longest phrase first, so a phrase wins over a single word at the same place. */
  private static final List<Entry> ENTRIES = entries();

  private PromptLabels() {}

  /** The style and palette named in {@code prompt}. A null or blank prompt names neither. */
  public static Labels parse(String prompt) {
    List<String> words = words(prompt);
    Style style = null;
    Palette palette = null;
    for (int i = 0; i < words.size() && (style == null || palette == null); i++) {
      for (Entry entry : ENTRIES) {
        if (matchesAt(words, i, entry.words())) {
          if (entry.label() instanceof Style s && style == null) {
            style = s;
          } else if (entry.label() instanceof Palette p && palette == null) {
            palette = p;
          }
        }
      }
    }
    return new Labels(Optional.ofNullable(style), Optional.ofNullable(palette));
  }

  /** How many words {@code prompt} has, split as matching splits them. */
  public static int wordCount(String prompt) {
    return words(prompt).size();
  }

  /** The words and phrases each style and palette answers to, for help screens. */
  public static Vocabulary vocabulary() {
    Map<Style, List<String>> styles = new EnumMap<>(Style.class);
    for (Style s : Style.values()) {
      styles.put(s, s.words());
    }
    Map<Palette, List<String>> palettes = new EnumMap<>(Palette.class);
    for (Palette p : Palette.values()) {
      palettes.put(p, p.words());
    }
    return new Vocabulary(
        Collections.unmodifiableMap(styles), Collections.unmodifiableMap(palettes));
  }

  private static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (Style s : Style.values()) {
      s.words().forEach(w -> entries.add(new Entry(words(w), s)));
    }
    for (Palette p : Palette.values()) {
      p.words().forEach(w -> entries.add(new Entry(words(w), p)));
    }
    entries.sort(Comparator.comparingInt((Entry e) -> e.words().size()).reversed());
    return List.copyOf(entries);
  }

  private static List<String> words(String text) {
    if (text == null) {
      return List.of();
    }
    return WORD_BREAK
        .splitAsStream(text.toLowerCase(Locale.ROOT))
        .filter(w -> !w.isEmpty())
        .toList();
  }

  private static boolean matchesAt(List<String> words, int start, List<String> phrase) {
    if (start + phrase.size() > words.size()) {
      return false;
    }
    for (int k = 0; k < phrase.size(); k++) {
      if (!sameWord(words.get(start + k), phrase.get(k))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code word} is {@code singular} or one of its simple plurals. */
  private static boolean sameWord(String word, String singular) {
    if (word.equals(singular)) {
      return true;
    }
    return (word.endsWith("ies")
            && singular.endsWith("y")
            && stem(word, 3).equals(stem(singular, 1)))
        || (word.endsWith("es") && stem(word, 2).equals(singular))
        || (word.endsWith("s") && stem(word, 1).equals(singular));
  }

  private static String stem(String word, int drop) {
    return word.substring(0, word.length() - drop);
  }
}
