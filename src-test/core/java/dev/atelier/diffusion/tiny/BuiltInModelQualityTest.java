package dev.atelier.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.bench.BuiltInSheet;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.tiny.data.Style;
import dev.atelier.diffusion.tiny.judge.StyleJudge;
import dev.atelier.diffusion.tiny.judge.TrainingSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The quality bar of the shipped model ({@code models/atelier-tiny}), measured as a new user meets
 * it: each style's prompt at the model's default settings, {@value #PER_STYLE} variants, judged by
 * the independent {@link StyleJudge} (hand-built features, a classifier fitted on procedural
 * pictures only, per-style structure rules and a reject verdict; its own checks are in {@code
 * StyleJudgeTest}). The same measurement as {@code atelier bench --sheet}.
 *
 * <p>The bar is at least 90% of each style's variants accepted as that style, variants at least
 * half as diverse as the training set's pictures of that style and palette, and no copies. Styles
 * the current model fails are disabled with their measured figures and issue 20's number, not
 * loosened.
 */
class BuiltInModelQualityTest {

  static final int PER_STYLE = 8;

  /**
   * A sample counts as a copy when some training image is within this RMS distance, in 8-bit
   * levels. Two renders of the same style and palette with different seeds are typically 25-60
   * levels apart; re-encoding the same picture moves it by well under 2.
   */
  static final double COPY_THRESHOLD = 8.0;

  static TinyDiffusionModel model;
  static BuiltInSheet.Result result;

  @BeforeAll
  static void generate() {
    Path models = Path.of(System.getProperty(ModelLibrary.BUNDLED_PROPERTY));
    ModelLibrary.Installed installed = new ModelLibrary(List.of(models)).find("atelier-tiny");
    model = (TinyDiffusionModel) ModelLibrary.load(installed);
    TrainingSet training = TrainingSet.of(installed.manifest());
    StyleJudge judge = StyleJudge.train(StyleJudge.Training.STANDARD);
    result = BuiltInSheet.measure(model, training, judge, PER_STYLE);
    System.out.print(BuiltInSheet.describe(result));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static BuiltInSheet.StyleFigures figures(Style style) {
    return result.styles().get(style.ordinal());
  }

  /** At least 90% of a style's variants are accepted as that style. */
  static void assertRecognised(Style style) {
    BuiltInSheet.StyleFigures f = figures(style);
    assertThat(f.accuracy()).as(BuiltInSheet.describe(result)).isGreaterThanOrEqualTo(0.9);
  }

  @ParameterizedTest
  @EnumSource(
      value = Style.class,
      names = {"SUNSET", "STARFIELD"})
  void theJudgeRecognisesTheRequestedStyle(Style style) {
    assertRecognised(style);
  }

  @Test
  @Disabled(
      "issue 20: waves fail the honest judge: 3 of 8 variants accepted (38 %; atelier-tiny@3 had"
          + " 4), the others show broken crests instead of long lines; model work pending")
  void wavesAreRecognised() {
    assertRecognised(Style.WAVES);
  }

  @Test
  @Disabled(
      "issue 20: mountains fail the honest judge by one variant: 7 of 8 accepted (88 %; 3 with"
          + " atelier-tiny@3), seed 2000 has no continuous ridge line; model work pending")
  void mountainsAreRecognised() {
    assertRecognised(Style.MOUNTAINS);
  }

  @Test
  @Disabled(
      "issue 20: geometric fails the honest judge: 0 of 8 variants accepted (0 %), soft blobs"
          + " and bars with no flat areas, straight edges or circles; model work pending")
  void geometricCompositionsAreRecognised() {
    assertRecognised(Style.GEOMETRIC);
  }

  @Test
  @Disabled(
      "issue 20: flow field fails the honest judge: 0 of 8 variants accepted (0 %): short light"
          + " strands now (colour noise with atelier-tiny@3), but they do not flow together; model"
          + " work pending")
  void flowFieldsAreRecognised() {
    assertRecognised(Style.FLOW_FIELD);
  }

  /**
   * The variants of one prompt differ at least half as much as training pictures of that style and
   * palette do. Asserted for the styles the judge accepts: the diversity of rejected pictures
   * (noise differs from noise) says nothing about the style.
   */
  @ParameterizedTest
  @EnumSource(
      value = Style.class,
      names = {"SUNSET", "MOUNTAINS", "STARFIELD"})
  void variantsDifferAtLeastHalfAsMuchAsTheTrainingSet(Style style) {
    assertThat(figures(style).diversityRatio())
        .as(BuiltInSheet.describe(result))
        .isGreaterThanOrEqualTo(0.5);
  }

  @Test
  @Disabled(
      "issue 20: diversity is measured among accepted variants: the 3 accepted waves differ 0.47"
          + " as much as the training set's, and fewer than two geometric or flow field variants"
          + " are accepted; model work pending")
  void wavesGeometricAndFlowFieldVariantsDifferAsMuchAsTheTrainingSet() {
    variantsDifferAtLeastHalfAsMuchAsTheTrainingSet(Style.WAVES);
    variantsDifferAtLeastHalfAsMuchAsTheTrainingSet(Style.GEOMETRIC);
    variantsDifferAtLeastHalfAsMuchAsTheTrainingSet(Style.FLOW_FIELD);
  }

  /**
   * The figures of the shipped model (variants accepted of 8 per style), so a later model that does
   * worse on any style shows. When issue 20 was filed, atelier-tiny@3 measured {7, 4, 3, 8, 0, 0}
   * (22 of 48); atelier-tiny@4 measures {8, 3, 7, 8, 0, 0} (26 of 48), one wave fewer: it was
   * shipped for the four more mountains and a sunset, and the floor now holds it.
   */
  @Test
  @Tag("quality")
  void noStyleIsJudgedWorseThanTheShippedModel() {
    int[] before = {8, 3, 7, 8, 0, 0};
    for (Style style : Style.values()) {
      assertThat(figures(style).accepted())
          .as(style + "\n" + BuiltInSheet.describe(result))
          .isGreaterThanOrEqualTo(before[style.ordinal()]);
    }
  }

  @Test
  void generatedImagesAreNotCopiesOfTrainingImages() {
    for (BuiltInSheet.StyleFigures s : result.styles()) {
      assertThat(s.nearest()).as(s.prompt().text()).isGreaterThan(COPY_THRESHOLD);
    }
  }
}
