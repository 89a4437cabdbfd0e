package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up with real settings files and folders; DJL settings go to a map, not the process. */
class EngineStartTest {

  @TempDir Path dir;
  private Settings settings;
  private Path state;
  private Path torch;
  private final Map<String, String> applied = new LinkedHashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    settings = Settings.load(dir.resolve("settings.properties"));
    state = dir.resolve("state");
    torch = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
    Files.writeString(torch.resolve("libtorch.so"), "not really a library");
  }

  @AfterEach
  void backToCpu() {
    EngineInfo.useDevice(DeviceChoice.CPU);
    EngineInfo.routeApplied(null);
  }

  private EngineStart start() {
    applied.clear();
    return new EngineStart(settings, state, applied::put);
  }

  @Test
  void nothingSavedStartsTheBundledLibrariesOnTheCpu() {
    EngineStart s = start();
    assertThat(s.setup()).isEqualTo(EngineSetup.DEFAULT);
    assertThat(s.notice()).isEmpty();
    assertThat(applied).isEmpty();
    assertThat(state.resolve(EngineStart.MARKER)).exists();
    s.loaded();
    assertThat(state.resolve(EngineStart.MARKER)).doesNotExist();
  }

  @Test
  void savedInstalledPyTorchIsAppliedWithItsDevice() {
    EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, torch, DeviceChoice.gpu(1)).save(settings);
    EngineStart s = start();
    assertThat(s.notice()).isEmpty();
    assertThat(s.setup().route()).isEqualTo(EngineRoute.INSTALLED_PYTORCH);
    assertThat(applied)
        .containsEntry("PYTORCH_LIBRARY_PATH", torch.toString())
        .containsEntry("PYTORCH_VERSION", "2.7.1")
        .containsEntry("PYTORCH_FLAVOR", "cu128");
    assertThat(EngineInfo.chosenDevice()).isEqualTo(DeviceChoice.gpu(1));
    assertThat(EngineInfo.currentRoute()).isEqualTo(EngineRoute.INSTALLED_PYTORCH);
  }

  @Test
  void aFolderThatIsGoneFallsBackToTheBundledLibrariesAndKeepsTheSettings() throws IOException {
    EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, torch, DeviceChoice.gpu(0)).save(settings);
    Files.delete(torch.resolve("libtorch.so"));
    Files.delete(torch);
    EngineStart s = start();
    assertThat(s.setup()).isEqualTo(EngineSetup.DEFAULT.withDevice(DeviceChoice.gpu(0)));
    assertThat(s.notice())
        .hasValueSatisfying(
            n ->
                assertThat(n)
                    .contains(torch.toString())
                    .contains("is gone")
                    .contains("bundled CPU libraries"));
    assertThat(applied).isEmpty();
    assertThat(settings.get(EngineSetup.ROUTE)).contains("installed");
  }

  @Test
  void aFolderWithoutLibtorchFallsBack() throws IOException {
    EngineSetup.cuda(EngineRoute.DOWNLOADED_CUDA, torch, DeviceChoice.gpu(0)).save(settings);
    Files.delete(torch.resolve("libtorch.so"));
    EngineStart s = start();
    assertThat(s.setup().route()).isEqualTo(EngineRoute.BUNDLED_CPU);
    assertThat(s.notice())
        .hasValueSatisfying(n -> assertThat(n).contains("no longer holds libtorch.so"));
    assertThat(applied).isEmpty();
  }

  @Test
  void aStartThatDiedWhileLoadingSetsTheNextBackToTheBundledLibraries() {
    EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, torch, DeviceChoice.gpu(0)).save(settings);
    start(); // the process dies here, inside the native load: the marker stays
    EngineStart next = start();
    assertThat(next.setup().route()).isEqualTo(EngineRoute.BUNDLED_CPU);
    assertThat(next.notice())
        .hasValueSatisfying(n -> assertThat(n).contains("The last start stopped while loading"));
    assertThat(applied).isEmpty();
    assertThat(EngineSetup.read(settings))
        .isEqualTo(EngineSetup.DEFAULT.withDevice(DeviceChoice.gpu(0)));
    next.loaded();
    assertThat(start().notice()).isEmpty();
  }

  @Test
  void aFailedLoadIsRecordedAndTheNextStartUsesTheBundledLibraries() {
    EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, torch, DeviceChoice.gpu(0)).save(settings);
    EngineStart s = start();
    s.failed(new UnsatisfiedLinkError("libcudart.so.12: cannot open shared object file"));
    assertThat(state.resolve(EngineStart.MARKER)).doesNotExist();
    assertThat(s.notice())
        .hasValueSatisfying(
            n ->
                assertThat(n)
                    .contains("libcudart.so.12")
                    .contains("next start uses the bundled CPU libraries"));
    assertThat(EngineSetup.read(settings).route()).isEqualTo(EngineRoute.BUNDLED_CPU);
  }
}
