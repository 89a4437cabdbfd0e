package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier bench --sd15}'s options are checked before anything is written: the full-size run
 * itself (a 2 GB checkpoint and minutes of work) is measured by hand, not here.
 */
class BenchSdOptionsTest {

  @TempDir Path home;

  @Test
  void aTorchScriptFolderAloneIsAUsageError() {
    CliRun run = CliRun.of(home, "", "bench", "--torchscript", home.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--torchscript", "--sd15");
  }

  @Test
  void noTimedStepsIsAUsageErrorAndWritesNothing() throws Exception {
    CliRun run = CliRun.of(home, "", "bench", "--sd15", "--steps", "0");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--steps");
    assertThat(Files.exists(home.resolve("cache").resolve("bench"))).isFalse();
  }

  @Test
  void theHelpSaysWhereTheCheckpointIsCached() {
    CliRun run = CliRun.of(home, "", "bench", "--help");

    assertThat(run.out()).contains("--sd15", "--torchscript", "bench/", "--compare-lcm");
  }

  @Test
  void generationSettingsAreCheckedBeforeAnythingIsWritten() {
    CliRun tooMany = CliRun.of(home, "", "bench", "--sd15", "--generate", "ddim:20:7.5,lcm:60:1");
    assertThat(tooMany.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooMany.err()).contains("--generate", "lcm sampler takes 1 to 50 steps");

    CliRun malformed = CliRun.of(home, "", "bench", "--sd15", "--generate", "lcm-4-1");
    assertThat(malformed.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(malformed.err()).contains("SAMPLER:STEPS:GUIDANCE");

    CliRun both = CliRun.of(home, "", "bench", "--sd15", "--compare-lcm", "--generate", "lcm:4:1");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);

    CliRun withTorchScript =
        CliRun.of(home, "", "bench", "--sd15", "--compare-lcm", "--torchscript", home.toString());
    assertThat(withTorchScript.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(withTorchScript.err()).contains("--torchscript");

    assertThat(Files.exists(home.resolve("cache").resolve("bench"))).isFalse();
  }

  @Test
  void theLcmComparisonNeedsTheSd15Bench() {
    CliRun run = CliRun.of(home, "", "bench", "--compare-lcm");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--compare-lcm", "--sd15");
  }
}
