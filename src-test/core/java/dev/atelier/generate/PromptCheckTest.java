package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.tiny.TinyPromptReader;
import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The prompt rules: not blank, no longer than the model reads, and advice on unknown styles. */
class PromptCheckTest {

  private static final PromptReader BUILT_IN = TinyPromptReader.INSTANCE;

  private static String words(int n) {
    return "sunset" + " word".repeat(n - 1);
  }

  @Test
  void aBlankPromptIsRefusedByTheRequestItself() {
    for (String blank : new String[] {"", "   ", "\n\t"}) {
      assertThatThrownBy(
              () -> new GenerationRequest(blank, "", 1, SamplerKind.DDIM, 2, 2, 32, 32, 1, 0))
          .isInstanceOfSatisfying(
              PromptException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(PromptException.Reason.BLANK);
                assertThat(e.field()).isEqualTo("prompt");
              })
          .hasMessage("The prompt is empty: describe what to make.");
    }
  }

  @Test
  void theBuiltInModelReadsAtMost75Words() {
    assertThatCode(() -> PromptCheck.require("tiny@1", BUILT_IN, words(75), ""))
        .doesNotThrowAnyException();

    assertThatThrownBy(() -> PromptCheck.require("tiny@1", BUILT_IN, words(76), ""))
        .isInstanceOfSatisfying(
            PromptException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PromptException.Reason.TOO_LONG);
              assertThat(e.field()).isEqualTo("prompt");
              assertThat(e.length()).isEqualTo(76);
              assertThat(e.limit()).isEqualTo(TinyPromptReader.MAX_WORDS).isEqualTo(75);
              assertThat(e.unit()).isEqualTo("words");
            })
        .hasMessage(
            "The prompt is 76 words long; tiny@1 reads at most 75 words. Shorten it to what"
                + " matters most.");
  }

  @Test
  void aFiveThousandCharacterPromptIsRefusedAndSoIsALongNegativePrompt() {
    String huge = "sunset over the sea ".repeat(250);
    assertThat(huge).hasSize(5000);
    assertThatThrownBy(() -> PromptCheck.require("tiny@1", BUILT_IN, huge, ""))
        .isInstanceOf(PromptException.class)
        .hasMessageStartingWith("The prompt is 1000 words long;");

    assertThatThrownBy(() -> PromptCheck.require("tiny@1", BUILT_IN, "sunset", words(80)))
        .isInstanceOfSatisfying(
            PromptException.class, e -> assertThat(e.field()).isEqualTo("negative prompt"))
        .hasMessageStartingWith("The negative prompt is 80 words long;");
  }

  @Test
  void anOpenModelSetsNoLengthOfItsOwnButStillNeedsAPrompt() {
    assertThatCode(() -> PromptCheck.require("sd@1", PromptReader.OPEN, words(500), ""))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> PromptCheck.require("sd@1", PromptReader.OPEN, " ", ""))
        .isInstanceOf(PromptException.class);
  }

  @Test
  void aPromptNamingNoKnownStyleGetsAdviceListingEveryWord() {
    PromptCheck.StyleAdvice advice =
        PromptCheck.advice(BUILT_IN, "concentric rings in ocean colours").orElseThrow();

    assertThat(advice.words().styles())
        .containsExactlyElementsOf(
            Arrays.stream(Style.values()).flatMap(s -> s.words().stream()).toList());
    assertThat(advice.words().colours())
        .containsExactlyElementsOf(
            Arrays.stream(Palette.values()).flatMap(p -> p.words().stream()).toList());
    assertThat(advice.message())
        .startsWith(
            "The model knows no style in this prompt, so it picks one at random. Styles it"
                + " understands: sunset (sunrise, sun, horizon); wave (sea,")
        .contains("; flow field (flow, flowing, swirl, streamline, curl). Colours: ember (fire,");

    assertThat(PromptCheck.advice(BUILT_IN, "rolling waves in ocean colours")).isEmpty();
    assertThat(PromptCheck.advice(BUILT_IN, "")).as("blank is refused elsewhere").isEmpty();
    assertThat(PromptCheck.advice(PromptReader.OPEN, "concentric rings")).isEmpty();
  }
}
