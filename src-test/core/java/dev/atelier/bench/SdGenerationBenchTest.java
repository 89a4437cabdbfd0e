package dev.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.bench.SdGenerationBench.Setting;
import dev.atelier.bench.SdGenerationBench.Timing;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.SdConfig;
import dev.atelier.diffusion.sd.SdModelImport;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-generation timings on the tiny traced SD fixture: every setting runs and is timed, and the
 * later ones are put against the first. The full-size figure (20 steps DPM++ 2M against 4 steps LCM
 * at 512²) comes from {@code atelier bench --sd15 --compare-lcm}, run by hand.
 */
class SdGenerationBenchTest {

  @TempDir Path dir;

  @Test
  void settingsParseFromTheCommandLineForm() {
    assertThat(Setting.parse("lcm:4:1")).isEqualTo(new Setting(SamplerKind.LCM, 4, 1.0));
    assertThat(Setting.parse(" dpmpp-2m-karras:20:7.5 "))
        .isEqualTo(new Setting(SamplerKind.DPMPP_2M_KARRAS, 20, 7.5));
    assertThat(SdGenerationBench.LCM_COMPARISON)
        .containsExactly(Setting.parse("dpmpp-2m-karras:20:7.5"), Setting.parse("lcm:4:1"));
    assertThat(Setting.parse("lcm:4:1").unetImages()).isEqualTo(4);
    assertThat(Setting.parse("dpmpp-2m-karras:20:7.5").unetImages()).isEqualTo(40);
    assertThat(Setting.parse("lcm:4:1")).hasToString("lcm, 4 steps, guidance 1.0");
  }

  @Test
  void badSettingsSayWhatIsWrong() {
    assertThatThrownBy(() -> Setting.parse("lcm:4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SAMPLER:STEPS:GUIDANCE");
    assertThatThrownBy(() -> Setting.parse("lcm:four:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numbers");
    assertThatThrownBy(() -> Setting.parse("k_lms:4:1")).hasMessageContaining("valid samplers");
    assertThatThrownBy(() -> Setting.parse("lcm:60:1"))
        .hasMessage("The lcm sampler takes 1 to 50 steps, not 60");
    assertThatThrownBy(() -> Setting.parse("ddim:4:0.5")).hasMessageContaining("Guidance");
  }

  @Test
  void theLaterSettingsAreAFractionOfTheFirst() {
    List<Timing> timings =
        List.of(
            new Timing(SdGenerationBench.LCM_COMPARISON.get(0), 1, 80.0, 4000),
            new Timing(SdGenerationBench.LCM_COMPARISON.get(1), 1, 10.0, 3900));
    assertThat(SdGenerationBench.describe(timings, 512))
        .contains("Whole 512x512 generations")
        .contains("dpmpp-2m-karras, 20 steps, guidance 7.5")
        .contains(" 40 UNet images")
        .contains("80.00 s")
        .contains(
            "lcm, 4 steps, guidance 1.0 takes 0.125 of the time of dpmpp-2m-karras, 20 steps,"
                + " guidance 7.5: 8.00x faster");
  }

  @Test
  void theComparisonRunsOnARealModel() throws IOException {
    Path model = dir.resolve("sd-tiny");
    Files.createDirectories(model);
    try (Stream<Path> files = Files.list(SdBenchTest.FIXTURE)) {
      for (Path f : files.toList()) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
    }
    SdModelImport.write(
        model,
        "sd-tiny",
        "1",
        "CC0-1.0",
        SdConfig.sd15(),
        new GenerationDefaults("ddim", 4, 5.0, 64, 64));
    try (SdTorchScriptModel loaded = SdTorchScriptModel.load(model)) {
      List<Timing> timings =
          SdGenerationBench.measure(loaded, SdGenerationBench.LCM_COMPARISON, 64, 1);
      assertThat(timings).extracting(Timing::setting).isEqualTo(SdGenerationBench.LCM_COMPARISON);
      for (Timing t : timings) {
        assertThat(t.runs()).isEqualTo(1);
        assertThat(t.meanSeconds()).isPositive();
        assertThat(t.peakMiB()).isPositive();
      }
      assertThat(SdGenerationBench.describe(timings, 64)).contains("x faster");
    }
  }
}
