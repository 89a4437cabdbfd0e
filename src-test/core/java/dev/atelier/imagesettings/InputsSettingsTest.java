package dev.atelier.imagesettings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.ParametersText;
import dev.atelier.license.Licenses;
import dev.atelier.png.PngText;
import dev.atelier.testing.GeneratedAssets;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an image says of its inputs besides the prompt: the hires pass and the start picture's
 * strength, from web UI's fields, from Atelier's own text, from the signed record (with the LoRAs
 * by their file's whole hash) and from the catalog's rows.
 */
class InputsSettingsTest {

  private static final String LORA_SHA = "3f".repeat(32);
  private static final String START_SHA = "5a".repeat(32);

  @TempDir Path home;

  private static ImageSettings read(String text) {
    return ImageSettingsReader.read(
        PngText.withText(TestPngs.png(1), ParametersText.KEYWORD, text));
  }

  @Test
  void webUiHiresAndImageToImageFieldsAreTold() {
    ImageSettings txt2img =
        read(
            "a fox\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512,"
                + " Denoising strength: 0.45, Hires upscale: 2, Hires steps: 10,"
                + " Hires upscaler: Latent (bicubic)");
    assertThat(txt2img.hires()).isEqualTo(new ImageSettings.Hires(2.0, 0.45));
    assertThat(txt2img.startStrength()).as("the strength was the pass's").isNull();
    assertThat(txt2img.width()).as("the first pass's size").isEqualTo(512);
    assertThat(txt2img.notes()).isEmpty();

    ImageSettings img2img =
        read(
            "a fox\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512,"
                + " Denoising strength: 0.6");
    assertThat(img2img.hires()).isNull();
    assertThat(img2img.startStrength()).isEqualTo(0.6);

    ImageSettings resized =
        read(
            "a fox\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x768,"
                + " Denoising strength: 0.3, Hires resize: 768x1152, Hires upscaler: ESRGAN_4x");
    assertThat(resized.hires()).isEqualTo(new ImageSettings.Hires(1.5, 0.3));
    assertThat(resized.notes())
        .containsExactly(
            "Hires upscaler \"ESRGAN_4x\" is not Atelier's; the hires pass scales the latent"
                + " instead");

    ImageSettings tooLarge =
        read(
            "a fox\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512,"
                + " Denoising strength: 0.5, Hires upscale: 4");
    assertThat(tooLarge.hires()).isNull();
    assertThat(tooLarge.notes())
        .singleElement()
        .asString()
        .startsWith("The hires pass (×4.0, strength 0.5) is beyond Atelier's");
  }

  @Test
  void atelierWritesBothPassesAndReadsThemBack() {
    GenerationRequest request =
        new GenerationRequest("dunes", "", 9, SamplerKind.DDIM, 10, 3, 48, 32, 1, 0)
            .withStart(
                new GenerationRequest.StartImage(new RgbImage(4, 4, new byte[48]), START_SHA, 0.7))
            .withHires(new GenerationRequest.Hires(1.5, 0.35));
    byte[] png =
        GenerationService.withSettings(
            TestPngs.png(2),
            request,
            0,
            new ParametersText.ModelInfo(
                "tiny",
                "ab".repeat(32),
                List.of(new ParametersText.LoraInfo("ink", LORA_SHA, 0.8))));
    ImageSettings s = ImageSettingsReader.read(png);
    assertThat(s.hires()).isEqualTo(new ImageSettings.Hires(1.5, 0.35));
    assertThat(s.startStrength()).isEqualTo(0.7);
    assertThat(s.width()).isEqualTo(48);
    assertThat(s.height()).isEqualTo(32);
    assertThat(s.loras())
        .containsExactly(new ImageSettings.Lora("ink", LORA_SHA.substring(0, 12), 0.8));
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void theSignedRecordNamesTheLorasByWholeHashAndKeepsThePasses() throws Exception {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.fixed(now, ZoneOffset.UTC));
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      Asset asset =
          GeneratedAssets.variant(
              studio,
              home,
              7,
              "harbour",
              "",
              List.of(
                  new GenerationInput(GenerationInput.Role.START_IMAGE, START_SHA, 0.55),
                  new GenerationInput(GenerationInput.Role.LORA, LORA_SHA, -0.5)),
              new HiresPass(1.5, 0.4));
      Path signed = studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, artist).file();

      ImageSettings s = ImageSettingsReader.read(Files.readAllBytes(signed));
      assertThat(s.source()).isEqualTo(ImageSettings.Source.PROVENANCE_RECORD);
      assertThat(s.loras()).containsExactly(new ImageSettings.Lora(null, LORA_SHA, -0.5));
      assertThat(s.loras().getFirst().description()).isEqualTo("with hash 3f3f3f3f3f3f");
      assertThat(s.hires()).isEqualTo(new ImageSettings.Hires(1.5, 0.4));
      assertThat(s.startStrength()).isEqualTo(0.55);
      assertThat(s.width()).as("the size asked for, from the text").isEqualTo(64);

      ImageSettings fromRows = CatalogSettings.of(studio.catalog(), asset.id());
      assertThat(fromRows.source()).isEqualTo(ImageSettings.Source.CATALOG);
      assertThat(fromRows.prompt()).isEqualTo("harbour");
      assertThat(fromRows.seed()).isEqualTo(7L);
      assertThat(fromRows.sampler()).isEqualTo(SamplerKind.DPMPP_2M_KARRAS);
      assertThat(fromRows.modelName()).isEqualTo(GeneratedAssets.MODEL);
      assertThat(fromRows.modelHash()).isEqualTo("9c".repeat(32));
      assertThat(fromRows.loras()).isEqualTo(s.loras());
      assertThat(fromRows.hires()).isEqualTo(s.hires());
      assertThat(fromRows.startStrength()).isEqualTo(0.55);
      assertThat(fromRows.notes()).isEmpty();
    }
  }
}
