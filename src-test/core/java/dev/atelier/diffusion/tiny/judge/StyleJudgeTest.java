package dev.atelier.diffusion.tiny.judge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.ProceduralArt;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The judge judged: on procedural pictures of another seed than it was fitted on it must accept at
 * least 90% of every style as that style, and it must reject at least 95% of noise, blobs and blank
 * canvases (and of blurred pictures), and not be fooled by another style's colours. Prints the
 * confusion matrix.
 */
class StyleJudgeTest {

  /** Not the judge's training seed (777) nor the built-in model's (2026). */
  static final long HELD_OUT_SEED = 4242;

  static StyleJudge judge;
  static Map<String, JudgeCheck.Row> rows;

  @BeforeAll
  static void check() {
    judge = StyleJudge.train(StyleJudge.Training.STANDARD);
    List<JudgeCheck.Row> checked = JudgeCheck.run(judge, HELD_OUT_SEED, 4, 60);
    System.out.print(JudgeCheck.describe(checked));
    rows = checked.stream().collect(Collectors.toMap(JudgeCheck.Row::label, Function.identity()));
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void heldOutProceduralPicturesAreAcceptedAsTheirStyle(Style style) {
    JudgeCheck.Row row = rows.get(style.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(row.total()).isEqualTo(24);
    assertThat(row.rightShare()).as(JudgeCheck.describe(List.of(row))).isGreaterThanOrEqualTo(0.9);
  }

  @ParameterizedTest
  @EnumSource(
      value = BadImages.Kind.class,
      names = {"WHITE_NOISE", "COLOURED_NOISE", "BLOBS", "BLANK"})
  void noiseBlobsAndBlankCanvasesAreRejected(BadImages.Kind kind) {
    JudgeCheck.Row row = rows.get(kind.label());
    assertThat(row.total()).isEqualTo(60);
    assertThat(row.rightShare()).as(JudgeCheck.describe(List.of(row))).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void blurredPicturesAreRejected() {
    assertThat(rows.get(BadImages.Kind.BLUR.label()).rightShare()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void anotherStylesColoursDoNotFoolIt() {
    assertThat(rows.get(BadImages.Kind.PALETTE_SWAP.label()).rightShare())
        .isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void grainAPersonLooksThroughDoesNotChangeTheVerdict() {
    assertThat(rows.get("with grain").rightShare()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void aRejectionSaysWhy() {
    StyleJudge.Verdict noise = judge.judge(BadImages.whiteNoise(1));
    assertThat(noise.accepted()).isFalse();
    assertThat(noise.reason()).hasValueSatisfying(r -> assertThat(r).contains("noise"));

    StyleJudge.Verdict blank = judge.judge(BadImages.blank(3));
    assertThat(blank.accepted()).isFalse();
    assertThat(blank.reason()).hasValueSatisfying(r -> assertThat(r).contains("blank"));
    assertThat(blank.describe()).startsWith("reject");
  }

  @Test
  void aSunsetWithoutItsHorizonIsNoSunset() {
    Raster sunset = Raster.of(ProceduralArt.render(Style.SUNSET, Palette.EMBER, 5, 64));
    assertThat(judge.judge(sunset).acceptedAs(Style.SUNSET)).isTrue();
    // The same sky everywhere: take the top half and mirror it down, so no horizon is left.
    Raster sky = Mirror.topHalfDown(sunset);
    StyleJudge.Verdict verdict = judge.judge(sky);
    assertThat(verdict.acceptedAs(Style.SUNSET)).as(verdict.describe()).isFalse();
  }

  @Test
  void theJudgeIsNotCheckedOnWhatItWasFittedOn() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JudgeCheck.run(judge, StyleJudge.Training.STANDARD.seed(), 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another seed");
  }

  @Test
  void trainingIsDeterministic() {
    StyleJudge again = StyleJudge.train(StyleJudge.Training.STANDARD);
    for (int i = 0; i < 12; i++) {
      Raster picture = BadImages.colouredNoise(i);
      assertThat(again.judge(picture)).isEqualTo(judge.judge(picture));
    }
  }

  /** Pictures changed to take a style's structure away. */
  static final class Mirror {
    static Raster topHalfDown(Raster r) {
      int side = r.side();
      double[][] out = new double[3][side * side];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < side; y++) {
          int from = y < side / 2 ? y : side - 1 - y;
          System.arraycopy(r.plane(c), from * side, out[c], y * side, side);
        }
      }
      return new Raster(side, out[0], out[1], out[2]);
    }
  }
}
