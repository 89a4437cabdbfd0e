package dev.atelier.generate;

import static dev.atelier.testing.InpaintChecks.rectangle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.diffusion.tiny.TinyDiffusionModel;
import dev.atelier.hashing.Hashes;
import dev.atelier.task.CancellationToken;
import dev.atelier.testing.InpaintChecks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inpainting through the whole pipeline on the built-in model, which samples pixels: the masked
 * blend runs in pixel space, then the paste. What the mask keeps is the start picture's pixels
 * exactly; what it paints is new; the same request gives the same bytes.
 */
class InpaintPipelineTest {

  @TempDir static Path dir;
  static TinyDiffusionModel model;

  @BeforeAll
  static void load() {
    model = TinyDiffusionModel.load(TestModels.smallModel(dir, 3));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** 48×32 start picture (other proportions than the 32×32 pictures made), mask likewise. */
  private static GenerationRequest request(SamplerKind kind, GrayImage mask, int blur) {
    return new GenerationRequest("sunset in ember colours", "", 7, kind, 6, 3.0, 32, 32, 2, 0)
        .withStart(InpaintChecks.start(48, 32, 0.8))
        .withMask(new GenerationRequest.InpaintMask(mask, Hashes.sha256Hex(mask.gray()), blur));
  }

  private static List<RgbImage> run(GenerationRequest request) {
    return Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE)
        .images();
  }

  @Test
  void everySamplerKeepsWhatTheMaskKeepsAndPaintsTheRest() {
    GrayImage mask = rectangle(48, 32, 16, 8, 36, 26);
    for (SamplerKind kind : SamplerKind.values()) {
      GenerationRequest request = request(kind, mask, 2);
      List<RgbImage> a = run(request);
      assertThat(a).as(kind.id()).hasSize(2);
      InpaintChecks.Kept kept = InpaintChecks.assertRespected(a, request);
      assertThat(kept.keptPixels()).as(kind.id()).isGreaterThan(2 * 100);
      assertThat(run(request)).as("%s: the same bytes again", kind.id()).isEqualTo(a);
      assertThat(a.get(0)).as("variants differ").isNotEqualTo(a.get(1));
    }
  }

  @Test
  void anAllBlackMaskGivesTheStartPictureBackAndAllWhiteIsImageToImage() {
    GenerationRequest black = request(SamplerKind.EULER_ANCESTRAL, GrayImage.filled(48, 32, 0), 4);
    RgbImage original = black.start().image().cover(32, 32);
    assertThat(run(black)).containsExactly(original, original);

    GenerationRequest white = request(SamplerKind.DDIM, GrayImage.filled(48, 32, 255), 4);
    assertThat(run(white)).isEqualTo(run(white.withMask(null)));
  }

  @Test
  void aMaskNeedsAStartPictureOfItsProportionsAndNoHiresPass() {
    GrayImage mask = rectangle(48, 32, 0, 0, 10, 10);
    GenerationRequest.InpaintMask m = GenerationRequest.InpaintMask.of(mask, 4);
    GenerationRequest plain =
        new GenerationRequest("waves", "", 1, SamplerKind.DDIM, 6, 3.0, 32, 32, 1, 0);
    assertThatThrownBy(() -> plain.withMask(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "An inpainting mask needs a start picture: it says which part of it to paint again");
    GenerationRequest masked = plain.withStart(InpaintChecks.start(48, 32, 0.5)).withMask(m);
    assertThatThrownBy(() -> masked.withStart(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a start picture");
    assertThatThrownBy(() -> masked.withHires(new GenerationRequest.Hires(1.5, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Inpainting does not combine with a hires pass");
    assertThatThrownBy(
            () ->
                plain
                    .withStart(InpaintChecks.start(48, 32, 0.5))
                    .withMask(GenerationRequest.InpaintMask.of(GrayImage.filled(32, 32, 255), 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The mask is 32×32 but the start picture 48×32: a mask must have the start picture's"
                + " proportions");
    // Half the size is fine, and a rounding pixel off too.
    plain
        .withStart(InpaintChecks.start(48, 32, 0.5))
        .withMask(GenerationRequest.InpaintMask.of(GrayImage.filled(24, 16, 255), 4));
    plain
        .withStart(InpaintChecks.start(1000, 667, 0.5))
        .withMask(GenerationRequest.InpaintMask.of(GrayImage.filled(500, 333, 255), 4));
  }

  @Test
  void theMasksRecordAndDefaults() {
    GrayImage mask = rectangle(20, 10, 2, 2, 8, 8);
    GenerationRequest.InpaintMask m = GenerationRequest.InpaintMask.of(mask, 3);
    assertThat(m.sha256()).isEqualTo(Hashes.sha256Hex(mask.toPng()));
    assertThat(m.inverted().mask()).isEqualTo(mask.inverted());
    assertThat(m.inverted().sha256()).isEqualTo(Hashes.sha256Hex(mask.inverted().toPng()));
    assertThat(m.inverted().blur()).isEqualTo(3);
    assertThat(GenerationRequest.InpaintMask.defaultBlur(512, 512)).isEqualTo(4);
    assertThat(GenerationRequest.InpaintMask.defaultBlur(512, 768)).isEqualTo(6);
    assertThat(GenerationRequest.InpaintMask.defaultBlur(1024, 1024)).isEqualTo(8);
    assertThat(GenerationRequest.InpaintMask.defaultBlur(64, 64)).isEqualTo(1);
    assertThatThrownBy(() -> GenerationRequest.InpaintMask.of(mask, 65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The mask blur must be 0 to 64 pixels, not 65");
    assertThatThrownBy(() -> new GenerationRequest.InpaintMask(mask, "abc", 4))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
