package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device} on this machine, which has the bundled CPU libraries and no GPU. */
class DeviceOptionCliTest {

  @TempDir Path home;

  @AfterEach
  void backToCpu() {
    EngineInfo.useDevice(DeviceChoice.CPU);
  }

  @Test
  void aBadDeviceIsAUsageErrorNamingTheAcceptedForms() {
    CliRun run = CliRun.of(home, "", "--device", "tpu", "models", "list");
    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("--device")
        .contains("Unknown device \"tpu\"")
        .contains("cpu, gpu (the first GPU) or gpu:N");
  }

  @Test
  void aNegativeGpuIndexIsAUsageError() {
    CliRun run = CliRun.of(home, "", "models", "list", "--device", "gpu:-1");
    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("gpu:N");
  }

  @Test
  void aGpuWithoutOneFallsBackToTheCpuAndSaysWhy() {
    CliRun run = CliRun.of(home, "", "--device", "gpu", "models", "list");
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .contains("GPU 0 was chosen but the engine found no GPU; running on the CPU.");
    assertThat(EngineInfo.deviceInUse().isGpu()).isFalse();
    assertThat(EngineInfo.chosenDevice()).isEqualTo(DeviceChoice.gpu(0));
  }

  @Test
  void theFlagOverridesTheSavedDeviceAndAFinishedCommandLeavesNoMarker() throws Exception {
    Path settings = dev.atelier.config.AppDirs.under(home).settingsFile();
    Files.createDirectories(settings.getParent());
    Files.writeString(settings, "engine.device=gpu:1\n");
    CliRun saved = CliRun.of(home, "", "models", "list");
    assertThat(saved.code()).as(saved.err()).isEqualTo(ExitCodes.OK);
    assertThat(EngineInfo.chosenDevice()).isEqualTo(DeviceChoice.gpu(1));
    CliRun flag = CliRun.of(home, "", "--device", "cpu", "models", "list");
    assertThat(flag.code()).as(flag.err()).isEqualTo(ExitCodes.OK);
    assertThat(EngineInfo.chosenDevice()).isEqualTo(DeviceChoice.CPU);
    assertThat(dev.atelier.config.AppDirs.under(home).data().resolve("engine-loading"))
        .doesNotExist();
  }
}
