package dev.atelier.imagesettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.c2pa.TestPngs;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.ParametersText;
import dev.atelier.png.PngText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSettingsReaderTest {

  static final String SD15 = "6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa";

  private static byte[] withParameters(String text) {
    return PngText.withText(TestPngs.png(1), ParametersText.KEYWORD, text);
  }

  @Test
  void atelierSettingsRoundTripThroughItsOwnWriter() {
    GenerationRequest request =
        new GenerationRequest(
            "a lighthouse at dusk, oil painting",
            "blurry, text",
            40,
            SamplerKind.DDPM,
            12,
            4.5,
            64,
            48,
            3,
            0);
    byte[] png =
        GenerationService.withSettings(
            TestPngs.png(2), request, 2, new ParametersText.ModelInfo("sd15", SD15));
    ImageSettings s = ImageSettingsReader.read(png);
    assertThat(s.source()).isEqualTo(ImageSettings.Source.PARAMETERS_TEXT);
    assertThat(s.prompt()).isEqualTo(request.prompt());
    assertThat(s.negativePrompt()).isEqualTo("blurry, text");
    assertThat(s.seed()).as("the variant's own seed").isEqualTo(42L);
    assertThat(s.sampler()).isEqualTo(SamplerKind.DDPM);
    assertThat(s.steps()).isEqualTo(12);
    assertThat(s.guidance()).isEqualTo(4.5);
    assertThat(s.width()).isEqualTo(64);
    assertThat(s.height()).isEqualTo(48);
    assertThat(s.modelName()).isEqualTo("sd15");
    assertThat(s.modelHash()).isEqualTo(SD15.substring(0, 10));
    assertThat(s.madeByAtelier()).isTrue();
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void webUiSettingsWithLorasAndUnknownFields() {
    String text =
        "masterpiece, 1girl, smile, <lora:add_detail:0.6>, <lora:film grain:1>, soft light\n"
            + "Negative prompt: (worst quality, low quality:1.4)\n"
            + "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 3275162553,"
            + " Size: 512x768, Model hash: 7F96A1A9CA, Model: anything-v5-PrtRE, Clip skip: 2,"
            + " Lora hashes: \"add_detail: 7c6bad76eb54, film grain: 0a1b2c3d4e5f\","
            + " Version: v1.9.4";
    ImageSettings s = ImageSettingsReader.read(withParameters(text));
    assertThat(s.prompt()).isEqualTo("masterpiece, 1girl, smile, soft light");
    assertThat(s.negativePrompt()).isEqualTo("(worst quality, low quality:1.4)");
    assertThat(s.seed()).isEqualTo(3275162553L);
    assertThat(s.sampler()).isEqualTo(SamplerKind.DPMPP_2M_KARRAS);
    assertThat(s.steps()).isEqualTo(28);
    assertThat(s.guidance()).isEqualTo(7.0);
    assertThat(s.width()).isEqualTo(512);
    assertThat(s.height()).isEqualTo(768);
    assertThat(s.modelName()).isEqualTo("anything-v5-PrtRE");
    assertThat(s.modelHash()).isEqualTo("7f96a1a9ca");
    assertThat(s.loras())
        .containsExactly(
            new ImageSettings.Lora("add_detail", "7c6bad76eb54", 0.6),
            new ImageSettings.Lora("film grain", "0a1b2c3d4e5f", 1.0));
    assertThat(s.madeByAtelier()).isFalse();
    assertThat(s.notes()).isEmpty();
  }

  @Test
  void unknownSamplersAndBadValuesAreReportedNotGuessed() {
    ImageSettings s =
        ImageSettingsReader.read(
            withParameters(
                "a fox\nSteps: many, Sampler: DPM++ SDE, Schedule type: Karras, CFG scale: 7,"
                    + " Seed: 5, Size: big"));
    assertThat(s.sampler()).isNull();
    assertThat(s.samplerName()).isEqualTo("DPM++ SDE");
    assertThat(s.steps()).isNull();
    assertThat(s.width()).isNull();
    assertThat(s.seed()).isEqualTo(5L);
    assertThat(s.notes())
        .contains(
            "Sampler \"DPM++ SDE, schedule Karras\" is not one Atelier has",
            "Steps \"many\" is not a whole number",
            "Size \"big\" is not WIDTHxHEIGHT");
  }

  @Test
  void aPromptOnlyTextAndAMissingNegativePromptAreFine() {
    ImageSettings s = ImageSettingsReader.read(withParameters("just a prompt, nothing else"));
    assertThat(s.prompt()).isEqualTo("just a prompt, nothing else");
    assertThat(s.seed()).isNull();
    assertThat(s.notes())
        .containsExactly("The parameters text has no settings line; only the prompt was read");
  }

  @Test
  void anImageWithoutSettingsAndBrokenInputGetClearErrors() {
    assertThatThrownBy(() -> ImageSettingsReader.read(TestPngs.png(3)))
        .isInstanceOf(ImageSettingsException.class)
        .hasMessageStartingWith("This image carries no generation settings")
        .extracting(e -> ((ImageSettingsException) e).reason())
        .isEqualTo(ImageSettingsException.Reason.NO_SETTINGS);
    assertThatThrownBy(
            () ->
                ImageSettingsReader.read("\u00ff\u00d8 jpeg".getBytes(StandardCharsets.ISO_8859_1)))
        .extracting(e -> ((ImageSettingsException) e).reason())
        .isEqualTo(ImageSettingsException.Reason.NOT_PNG);
    assertThatThrownBy(() -> ImageSettingsReader.read(new byte[0]))
        .extracting(e -> ((ImageSettingsException) e).reason())
        .isEqualTo(ImageSettingsException.Reason.NOT_PNG);
    byte[] png = withParameters("a\nSteps: 1, Seed: 2, Size: 8x8");
    assertThatThrownBy(() -> ImageSettingsReader.read(Arrays.copyOf(png, png.length / 2)))
        .isInstanceOf(ImageSettingsException.class)
        .hasMessageContaining("truncated")
        .extracting(e -> ((ImageSettingsException) e).reason())
        .isEqualTo(ImageSettingsException.Reason.DAMAGED);
  }

  @Test
  void modelsAreFoundByHashThenIdThenName() {
    ModelLibrary.Installed sd = installed("v1-5", "1", "cafe".repeat(16));
    ModelLibrary.Installed tiny = installed("atelier-tiny", "2", "9c".repeat(32));
    List<ModelLibrary.Installed> all = List.of(sd, tiny);
    assertThat(settings("other-name", "cafecafeca").model(all)).contains(sd);
    assertThat(settings("atelier-tiny@2", null).model(all)).contains(tiny);
    assertThat(settings("ATELIER-TINY", null).model(all)).contains(tiny);
    assertThat(settings("v1-5", "45dee52b").model(all)).as("old hash: by name").contains(sd);
    ImageSettings missing = settings("anything-v5", "7f96a1a9ca");
    assertThat(missing.model(all)).isEmpty();
    assertThat(missing.modelDescription()).isEqualTo("anything-v5 (hash 7f96a1a9ca)");
  }

  private static ImageSettings settings(String model, String hash) {
    return new ImageSettings(
        ImageSettings.Source.PARAMETERS_TEXT,
        "p",
        "",
        1L,
        null,
        null,
        1,
        1.0,
        8,
        8,
        model,
        hash,
        List.of(),
        false,
        List.of());
  }

  /** A model whose single imported file has {@code sha256}: its weights hash is the file's. */
  private static ModelLibrary.Installed installed(String name, String version, String sha256) {
    return new ModelLibrary.Installed(
        Path.of(name),
        new ModelManifest(
            name,
            version,
            "sd-checkpoint",
            "",
            "CC0-1.0",
            List.of(new ModelManifest.FileEntry("m.safetensors", 1, sha256)),
            null,
            null,
            null,
            "/models/" + name));
  }
}
