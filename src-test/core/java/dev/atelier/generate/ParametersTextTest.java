package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.diffusion.sampling.SamplerKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings text against strings written the way Stable Diffusion web UI writes them ({@code
 * modules/processing.py create_infotext}, quoting from {@code infotext_utils.quote}), and read the
 * way it reads them ({@code infotext_utils.parse_generation_parameters}).
 */
class ParametersTextTest {

  static final String SD15 = "6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa";

  /** Web UI 1.6: hires fix, LoRA and embedding hashes, a quoted list, extension fields. */
  static final String WEBUI_16 =
      "masterpiece, best quality, 1girl, solo, long hair, looking at viewer, smile,"
          + " <lora:add_detail:0.6>\n"
          + "Negative prompt: (worst quality, low quality:1.4), EasyNegative, bad-hands-5\n"
          + "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 3275162553, Size: 512x768,"
          + " Model hash: 7f96a1a9ca, Model: anything-v5-PrtRE, Denoising strength: 0.5,"
          + " Clip skip: 2, ENSD: 31337, Hires upscale: 2, Hires steps: 15,"
          + " Hires upscaler: R-ESRGAN 4x+ Anime6B, Lora hashes: \"add_detail: 7c6bad76eb54\","
          + " TI hashes: \"EasyNegative: c74b4e810b03, bad-hands-5: aa7651be154c\","
          + " ADetailer prompt: \"a face, smiling\", ADetailer model: face_yolov8n.pt,"
          + " Version: v1.6.0";

  /** Web UI 1.9 and later: the schedule is its own setting. */
  static final String WEBUI_19 =
      "a red fox in the snow, national geographic\n"
          + "Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234,"
          + " Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.9.4";

  /** The example in web UI's own docstring: an old 8-digit model hash, no model name. */
  static final String WEBUI_OLD =
      "girl with an artist's beret, determined, blue eyes, desert scene, computer monitors, heavy"
          + " makeup, by Alphonse Mucha and Charlie Bowater, ((eyeshadow)), (coquettish), detailed,"
          + " intricate\n"
          + "Negative prompt: ugly, fat, obese, chubby, (((deformed))), [blurry], bad anatomy,"
          + " disfigured, poorly drawn face, mutation, mutated, (extra_limb), (ugly), (poorly drawn"
          + " hands), messy drawing\n"
          + "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 965400086, Size: 512x512,"
          + " Model hash: 45dee52b";

  private static GenerationRequest request(SamplerKind sampler, int variants) {
    return new GenerationRequest(
        "a lighthouse at dusk, oil painting",
        "blurry, text",
        12345,
        sampler,
        20,
        7.5,
        512,
        512,
        variants,
        0);
  }

  @Test
  void atelierWritesWebUisFormatWithEachVariantsSeed() {
    ParametersText.ModelInfo model = new ParametersText.ModelInfo("v1-5-pruned-emaonly", SD15);
    assertThat(ParametersText.format(request(SamplerKind.DPMPP_2M_KARRAS, 3), 0, model))
        .isEqualTo(
            "a lighthouse at dusk, oil painting\n"
                + "Negative prompt: blurry, text\n"
                + "Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 12345,"
                + " Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly");
    assertThat(ParametersText.format(request(SamplerKind.DPMPP_2M_KARRAS, 3), 2, model))
        .contains("Seed: 12347,");
  }

  @Test
  void noNegativePromptNoLineAndOddValuesAreQuoted() {
    GenerationRequest r =
        new GenerationRequest(
            "waves\nat night", "", 7, SamplerKind.EULER_ANCESTRAL, 8, 2, 64, 32, 1, 0);
    String text = ParametersText.format(r, 0, new ParametersText.ModelInfo("my: model, v2", "ab"));
    assertThat(text)
        .isEqualTo(
            "waves\nat night\nSteps: 8, Sampler: Euler a, CFG scale: 2.0, Seed: 7, Size: 64x32,"
                + " Model: \"my: model, v2\"");
    ParametersText.Parsed back = ParametersText.parse(text);
    assertThat(back.prompt()).isEqualTo("waves\nat night");
    assertThat(back.negativePrompt()).isEmpty();
    assertThat(back.field("Model")).contains("my: model, v2");
  }

  @Test
  void everySamplerRoundTrips() {
    ParametersText.ModelInfo model = new ParametersText.ModelInfo("m", SD15);
    for (SamplerKind kind : SamplerKind.values()) {
      ParametersText.Parsed back =
          ParametersText.parse(ParametersText.format(request(kind, 1), 0, model));
      assertThat(ParametersText.sampler(back)).as(kind.id()).contains(kind);
    }
    assertThat(ParametersText.format(request(SamplerKind.DDPM, 1), 0, model))
        .contains("Sampler: DDIM,")
        .endsWith("Eta DDIM: 1.0");
  }

  @Test
  void anInpaintingRequestWritesWebUisMaskBlurAndReadsItBack() {
    ParametersText.ModelInfo model = new ParametersText.ModelInfo("v1-5-pruned-emaonly", SD15);
    dev.atelier.diffusion.GrayImage mask = dev.atelier.diffusion.GrayImage.filled(64, 64, 255);
    GenerationRequest inpainting =
        request(SamplerKind.EULER_ANCESTRAL, 1)
            .withStart(dev.atelier.testing.InpaintChecks.start(64, 64, 0.75))
            .withMask(GenerationRequest.InpaintMask.of(mask, 6));
    String text = ParametersText.format(inpainting, 0, model);
    assertThat(text)
        .endsWith(
            "Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly,"
                + " Denoising strength: 0.75, Mask blur: 6");
    assertThat(ParametersText.maskBlur(ParametersText.parse(text))).hasValue(6);
    assertThat(ParametersText.maskBlur(ParametersText.parse(WEBUI_19))).isEmpty();
    // As web UI writes an inpainting run (img2img, "Inpaint" tab).
    ParametersText.Parsed webUi =
        ParametersText.parse(
            "a cat on a sofa\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512,"
                + " Model hash: 6ce0161689, Denoising strength: 0.75, Mask blur: 4");
    assertThat(ParametersText.maskBlur(webUi)).hasValue(4);
    for (String odd : new String[] {"-1", "4.5", "65", "x"}) {
      assertThat(
              ParametersText.maskBlur(
                  ParametersText.parse("x\nSteps: 4, Seed: 1, Size: 8x8, Mask blur: " + odd)))
          .as(odd)
          .isEmpty();
    }
  }

  @Test
  void readsWebUi16WithQuotedListsAndUnknownFields() {
    ParametersText.Parsed p = ParametersText.parse(WEBUI_16);
    assertThat(p.prompt()).endsWith("smile, <lora:add_detail:0.6>");
    assertThat(p.negativePrompt())
        .isEqualTo("(worst quality, low quality:1.4), EasyNegative, bad-hands-5");
    assertThat(p.fields())
        .containsEntry("Steps", "28")
        .containsEntry("Sampler", "DPM++ 2M Karras")
        .containsEntry("CFG scale", "7")
        .containsEntry("Seed", "3275162553")
        .containsEntry("Size", "512x768")
        .containsEntry("Model hash", "7f96a1a9ca")
        .containsEntry("Model", "anything-v5-PrtRE")
        .containsEntry("Lora hashes", "add_detail: 7c6bad76eb54")
        .containsEntry("TI hashes", "EasyNegative: c74b4e810b03, bad-hands-5: aa7651be154c")
        .containsEntry("ADetailer prompt", "a face, smiling")
        .containsEntry("Hires upscaler", "R-ESRGAN 4x+ Anime6B")
        .containsEntry("Version", "v1.6.0");
    assertThat(ParametersText.sampler(p)).contains(SamplerKind.DPMPP_2M_KARRAS);
  }

  @Test
  void readsTheScheduleTypeOfNewerWebUi() {
    ParametersText.Parsed p = ParametersText.parse(WEBUI_19);
    assertThat(p.prompt()).isEqualTo("a red fox in the snow, national geographic");
    assertThat(p.negativePrompt()).isEmpty();
    assertThat(ParametersText.sampler(p)).contains(SamplerKind.DPMPP_2M_KARRAS);
    Map<String, String> plain = new java.util.LinkedHashMap<>(p.fields());
    plain.remove("Schedule type");
    assertThat(ParametersText.sampler(new ParametersText.Parsed("", "", plain)))
        .as("DPM++ 2M on the default schedule is not Atelier's")
        .isEmpty();
  }

  @Test
  void readsWebUisOwnExample() {
    ParametersText.Parsed p = ParametersText.parse(WEBUI_OLD);
    assertThat(p.prompt()).startsWith("girl with an artist's beret").endsWith("intricate");
    assertThat(p.negativePrompt()).startsWith("ugly, fat").endsWith("messy drawing");
    assertThat(p.fields()).containsEntry("Model hash", "45dee52b").hasSize(6);
    assertThat(ParametersText.sampler(p)).contains(SamplerKind.EULER_ANCESTRAL);
  }

  @Test
  void aLastLineWithFewerThanThreeSettingsBelongsToThePrompt() {
    ParametersText.Parsed p = ParametersText.parse("a cat\nstyle: watercolour, mood: calm");
    assertThat(p.prompt()).isEqualTo("a cat\nstyle: watercolour, mood: calm");
    assertThat(p.fields()).isEmpty();
    ParametersText.Parsed crlf = ParametersText.parse("a cat\r\nSteps: 4, Seed: 1, Size: 8x8\r\n");
    assertThat(crlf.prompt()).isEqualTo("a cat");
    assertThat(crlf.fields()).containsEntry("Size", "8x8");
  }

  @Test
  void unknownSamplersAreNotGuessed() {
    for (String name : new String[] {"DPM++ SDE Karras", "UniPC", "Euler", "LCM Karras", ""}) {
      ParametersText.Parsed p =
          ParametersText.parse("x\nSteps: 4, Sampler: " + name + ", Seed: 1, Size: 8x8");
      assertThat(ParametersText.sampler(p)).as(name).isEmpty();
    }
    assertThat(ParametersText.sampler(ParametersText.parse("x\nSteps: 4, Sampler: LCM, Seed: 1")))
        .contains(SamplerKind.LCM);
    ParametersText.Parsed halfEta =
        ParametersText.parse("x\nSteps: 4, Sampler: DDIM, Seed: 1, Eta DDIM: 0.5");
    assertThat(ParametersText.sampler(halfEta)).isEmpty();
  }

  @Test
  void aLongHostileLineTakesLinearTime() {
    String noColons = "a".repeat(1 << 20);
    String spaced = "word ".repeat(200_000) + ": 1";
    String quotes = "\"".repeat(1 << 20);
    String unclosed = "Ab: \"\\\", ".repeat(100_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertThat(ParametersText.parse("p\n" + noColons).fields()).isEmpty();
          assertThat(ParametersText.parse("p\n" + spaced).fields()).hasSize(0);
          assertThat(ParametersText.parse("p\nA: " + quotes).fields()).isEmpty();
          assertThat(InfotextLine.pairs(unclosed)).containsOnlyKeys("Ab");
        });
  }
}
