package dev.atelier.diffusion.tiny.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.tiny.data.PromptLabels.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptLabelsTest {

  private static void assertLabels(String prompt, Style style, Palette palette) {
    Labels labels = PromptLabels.parse(prompt);
    assertThat(labels.style()).as("style of %s", prompt).isEqualTo(Optional.ofNullable(style));
    assertThat(labels.palette())
        .as("palette of %s", prompt)
        .isEqualTo(Optional.ofNullable(palette));
  }

  @Test
  void readsStyleAndPaletteInAnyCase() {
    assertLabels("A SUNSET over the Ocean", Style.SUNSET, Palette.OCEAN);
    assertLabels("geometric poster, Bauhaus, EMBER tones", Style.GEOMETRIC, Palette.EMBER);
    assertLabels("sunset,ember!", Style.SUNSET, Palette.EMBER);
  }

  @Test
  void matchesSimplePlurals() {
    assertLabels("misty Mountains in pastels", Style.MOUNTAINS, Palette.CANDY);
    assertLabels("galaxies", Style.STARFIELD, null);
    assertLabels("waves", Style.WAVES, null);
    assertLabels("circles and triangles in greys", Style.GEOMETRIC, Palette.MONO);
    assertLabels("rolling seas", Style.WAVES, null);
  }

  @Test
  void matchesMultiWordPhrasesOnlyWhenConsecutive() {
    assertLabels("Night skies in purple", Style.STARFIELD, Palette.DUSK);
    assertLabels("flow fields in black and white", Style.FLOW_FIELD, Palette.MONO);
    assertLabels("a black cat and a white dog", null, null);
    assertLabels("black-and-white peaks", Style.MOUNTAINS, Palette.MONO);
  }

  @Test
  void matchesWholeWordsOnly() {
    assertLabels("a sunny afternoon with starlight", null, null);
    assertLabels("redwood greenery", null, null);
  }

  @Test
  void firstNamedLabelWins() {
    assertLabels("mountains at sunset, green and blue", Style.MOUNTAINS, Palette.FOREST);
    assertLabels("blue sea under the stars", Style.WAVES, Palette.OCEAN);
  }

  @Test
  void unknownWordsAreIgnoredAndNothingNamedGivesEmptyLabels() {
    assertLabels("a portrait of my grandmother, oil on canvas", null, null);
    assertLabels("", null, null);
    assertLabels("   ,,, ", null, null);
    assertLabels(null, null, null);
    assertLabels("teal", null, Palette.OCEAN);
  }

  @Test
  void vocabularyCoversEveryLabelAndEachWordSelectsItsOwnLabel() {
    PromptLabels.Vocabulary vocabulary = PromptLabels.vocabulary();
    assertThat(vocabulary.styles()).containsOnlyKeys(Style.values());
    assertThat(vocabulary.palettes()).containsOnlyKeys(Palette.values());
    vocabulary
        .styles()
        .forEach(
            (style, words) -> {
              assertThat(words).isNotEmpty().isEqualTo(style.words());
              for (String w : words) {
                assertLabels(w, style, null);
                assertLabels("some " + w + "s here", style, null);
              }
            });
    vocabulary
        .palettes()
        .forEach(
            (palette, words) -> {
              assertThat(words).isNotEmpty().isEqualTo(palette.words());
              for (String w : words) {
                assertLabels(w, null, palette);
                assertLabels(w.toUpperCase() + "S", null, palette);
              }
            });
  }

  @Test
  void noWordBelongsToTwoLabels() {
    Map<String, Object> owner = new HashMap<>();
    PromptLabels.vocabulary()
        .styles()
        .forEach((s, words) -> words.forEach(w -> assertThat(owner.put(w, s)).as(w).isNull()));
    PromptLabels.vocabulary()
        .palettes()
        .forEach((p, words) -> words.forEach(w -> assertThat(owner.put(w, p)).as(w).isNull()));
    assertThat(owner).containsKeys("sunset", "sea", "ocean", "dusk", "star", "flow field");
  }

  @Test
  void vocabularyIsReadOnly() {
    assertThatThrownBy(() -> PromptLabels.vocabulary().styles().put(Style.SUNSET, List.of("dawn")))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
