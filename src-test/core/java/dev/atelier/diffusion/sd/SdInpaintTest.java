package dev.atelier.diffusion.sd;

import static dev.atelier.testing.InpaintChecks.rectangle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.SoftMask;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import dev.atelier.testing.InpaintChecks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inpainting on checkpoints, through the whole pipeline: an ordinary checkpoint by the masked
 * latent blend, an inpainting checkpoint (found by its UNet's 9 input channels) by its own mask
 * input. Either way the kept part is the start picture exactly, the painted part new, and the same
 * request gives the same bytes. An inpainting checkpoint also makes pictures without a mask.
 */
class SdInpaintTest {

  @TempDir static Path home;
  static ModelLibrary.Installed plain;
  static ModelLibrary.Installed inpainting;

  @BeforeAll
  static void importCheckpoints() throws Exception {
    Path a = RunnableCheckpoints.write(home.resolve("Downloads/plain.safetensors"), 31);
    Path b = RunnableCheckpoints.writeInpainting(home.resolve("Downloads/inpaint.safetensors"), 32);
    Path models = home.resolve("models");
    plain = CheckpointImport.run(a, models, "plain", null, null, CancellationToken.NONE).model();
    inpainting =
        CheckpointImport.run(b, models, "inpaint", null, null, CancellationToken.NONE).model();
  }

  private static GrayImage box() {
    return rectangle(40, 24, 14, 4, 30, 20);
  }

  private static GenerationRequest request(SamplerKind kind, GrayImage mask, int blur) {
    return new GenerationRequest("a red fox", "", 11, kind, 6, 7.5, 32, 32, 2, 0)
        .withStart(InpaintChecks.start(40, 24, 0.8))
        .withMask(GenerationRequest.InpaintMask.of(mask, blur));
  }

  private static List<RgbImage> run(DiffusionModel model, GenerationRequest request) {
    return Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE)
        .images();
  }

  @Test
  void anOrdinaryCheckpointIsInpaintedByTheBlend() {
    try (DiffusionModel model = ModelLibrary.load(plain)) {
      assertThat(model.takesMask()).isFalse();
      // Every sampler blends through the same hook (InpaintBlendTest); one is enough here.
      GenerationRequest request = request(SamplerKind.DPMPP_2M_KARRAS, box(), 1);
      List<RgbImage> images = run(model, request);
      InpaintChecks.assertRespected(images, request);
      assertThat(run(model, request)).as("the same bytes again").isEqualTo(images);
      assertThat(images.get(0)).isNotEqualTo(images.get(1));
      GenerationRequest black =
          request(SamplerKind.EULER_ANCESTRAL, GrayImage.filled(40, 24, 0), 2);
      RgbImage original = black.start().image().cover(32, 32);
      assertThat(run(model, black)).containsExactly(original, original);
    }
  }

  @Test
  void anInpaintingCheckpointSeesTheMaskAndKeepsWhatItKeeps() {
    try (DiffusionModel model = ModelLibrary.load(inpainting)) {
      assertThat(model.takesMask()).isTrue();
      assertThat(((SdCheckpointModel) model).architecture().unet().inChannels()).isEqualTo(9);
      GenerationRequest request = request(SamplerKind.DDIM, box(), 1);
      List<RgbImage> images = run(model, request);
      InpaintChecks.assertRespected(images, request);
      assertThat(run(model, request)).as("the same bytes again").isEqualTo(images);

      // The model itself sees the mask: a larger one changes what it paints where both paint.
      GrayImage larger = rectangle(40, 24, 10, 0, 34, 24);
      List<RgbImage> other = run(model, request(SamplerKind.DDIM, larger, 1));
      float[] inner = SoftMask.of(box(), 32, 32, 1).soft();
      int differ = 0;
      int both = 0;
      for (int p = 0; p < inner.length; p++) {
        if (inner[p] >= 1f) {
          both++;
          for (int c = 3 * p; c < 3 * p + 3; c++) {
            if (images.get(0).rgb()[c] != other.get(0).rgb()[c]) {
              differ++;
              break;
            }
          }
        }
      }
      assertThat(differ).as("of %d pixels both masks paint", both).isGreaterThan(both / 2);

      GenerationRequest black = request(SamplerKind.DDIM, GrayImage.filled(40, 24, 0), 2);
      RgbImage original = black.start().image().cover(32, 32);
      assertThat(run(model, black)).containsExactly(original, original);
    }
  }

  @Test
  void anInpaintingCheckpointMakesPicturesWithoutAMaskAsWell() {
    try (DiffusionModel model = ModelLibrary.load(inpainting)) {
      GenerationRequest textToImage =
          new GenerationRequest(
              "a red fox", "", 5, SamplerKind.EULER_ANCESTRAL, 6, 7.5, 32, 32, 2, 0);
      List<RgbImage> made = run(model, textToImage);
      assertThat(made).hasSize(2);
      assertThat(made.get(0).width()).isEqualTo(32);
      assertThat(run(model, textToImage)).isEqualTo(made);

      List<RgbImage> larger =
          run(model, textToImage.withHires(new GenerationRequest.Hires(1.5, 0.5)));
      assertThat(larger.get(0).width()).isEqualTo(48);

      List<RgbImage> fromPicture =
          run(model, textToImage.withStart(InpaintChecks.start(40, 24, 0.6)));
      assertThat(fromPicture.get(0)).isNotEqualTo(made.get(0));

      assertThatThrownBy(() -> model.denoiser(CancellationToken.NONE))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage(
              "inpaint@1 is an inpainting model: it denoises with a masked picture (even an"
                  + " empty mask)");
    }
  }
}
