package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.engine.EngineSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier engine} on this machine: the bundled CPU libraries, no GPU, no CUDA PyTorch. */
class EngineCommandCliTest {

  @TempDir Path home;

  private Settings settings() {
    return Settings.load(AppDirs.under(home).settingsFile());
  }

  @Test
  void usePyTorchOnAFolderWithoutLibtorchRefusesAndSavesNothing() throws Exception {
    Path wrong = Files.createDirectories(home.resolve("not-torch/lib"));
    Files.writeString(wrong.resolve("README"), "no libraries here");
    CliRun run = CliRun.of(home, "", "engine", "use-pytorch", wrong.toString());
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(wrong.toString()).contains("cannot be used; nothing was saved");
    assertThat(run.err().lines().filter(l -> l.startsWith("  ")).count()).isPositive();
    assertThat(settings().get(EngineSetup.ROUTE)).isEmpty();
    assertThat(settings().get(EngineSetup.LIBRARY)).isEmpty();
  }

  @Test
  void usePyTorchOnAMissingFolderRefusesAndKeepsTheSavedSetup() {
    settings().put(EngineSetup.DEVICE, "gpu:1");
    Path missing = home.resolve("nowhere/torch/lib");
    CliRun run = CliRun.of(home, "", "engine", "use-pytorch", missing.toString());
    assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("nothing was saved");
    assertThat(settings().get(EngineSetup.DEVICE)).contains("gpu:1");
    assertThat(settings().get(EngineSetup.ROUTE)).isEmpty();
  }

  @Test
  void useCpuSavesTheBundledLibraries() {
    CliRun run = CliRun.of(home, "", "engine", "use-cpu");
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("the bundled CPU libraries").contains("next start");
    assertThat(EngineSetup.read(settings())).isEqualTo(EngineSetup.DEFAULT);
  }

  @Test
  void engineShowsWhatRunsAndHowToSwitch() {
    CliRun run = CliRun.of(home, "", "engine");
    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("Engine: PyTorch 2.7.1 on CPU")
        .contains("Saved:  the bundled CPU libraries, on CPU")
        .contains("GPUs:")
        .contains("PyTorch installations:")
        .contains("atelier engine use-pytorch DIR");
  }
}
