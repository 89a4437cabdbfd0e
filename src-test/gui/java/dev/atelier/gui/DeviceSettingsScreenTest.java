package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.engine.EngineRoute;
import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.GpuInfo;
import dev.atelier.engine.TorchInstall;
import dev.atelier.gui.settings.CudaLibraries;
import dev.atelier.gui.settings.DeviceOption;
import dev.atelier.gui.settings.DeviceProbe;
import dev.atelier.gui.settings.InstallRow;
import dev.atelier.gui.settings.RouteTrial;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Settings screen's Device section in the real window, headless, on a temporary studio, with a
 * probe that finds one GPU and two PyTorch installations (one usable) and a check that passes.
 */
class DeviceSettingsScreenTest extends FxRobot {

  private static final Path USABLE = Path.of("/home/artist/.local/lib/python3.12/torch/lib");
  private static final Path OLD = Path.of("/usr/lib/python3/dist-packages/torch/lib");

  @TempDir Path home;
  private Studio studio;
  private Application app;

  @BeforeEach
  void registerStage() throws TimeoutException {
    Stage stage = FxToolkit.registerPrimaryStage();
    assertThat(stage).isNotNull();
  }

  @AfterEach
  void closeApp() throws TimeoutException {
    if (app != null) {
      FxToolkit.cleanupApplication(app);
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void aCheckedInstallationOnTheGpuIsSavedAndARestartOffered() throws TimeoutException {
    launch();
    clickOn("#nav-settings");
    waitUntil(() -> devices().size() == 2 && installs().size() == 2);

    assertThat(devices().get(1).label())
        .isEqualTo("GPU 0: NVIDIA GeForce RTX 4090 (24.0 GiB, 22.1 GiB free)");
    assertThat(lookup("#settings-device-gpu-problem").query().isVisible()).isFalse();
    assertThat(installs().get(1).status()).startsWith("This is PyTorch 1.13.1");
    assertThat(radio("#settings-device-route-bundled").isSelected()).isTrue();
    assertThat(button("#settings-device-download").isDisabled()).as("no consent yet").isTrue();

    interact(
        () -> {
          installList().getSelectionModel().select(1);
          installList().getSelectionModel().select(0);
          combo().setValue(devices().get(1));
        });
    assertThat(radio("#settings-device-route-installed").isSelected()).isTrue();
    assertThat(button("#settings-device-save").isDisabled()).as("not checked yet").isTrue();

    interact(() -> button("#settings-device-check").fire());
    waitUntil(() -> text("#settings-device-check-message").startsWith("It works"));
    assertThat(button("#settings-device-save").isDisabled()).isFalse();

    interact(() -> button("#settings-device-save").fire());
    waitUntil(() -> lookup("#settings-device-restart").query().isVisible());
    assertThat(text("#settings-device-saved")).endsWith("Restart Atelier to use it.");
    assertThat(studio.settings().get(EngineSetup.ROUTE)).contains("installed");
    assertThat(studio.settings().get(EngineSetup.LIBRARY)).contains(USABLE.toString());
    assertThat(studio.settings().get(EngineSetup.DEVICE)).contains("gpu:0");
  }

  @Test
  void everyControlOfTheSectionIsReachedWithTab() throws TimeoutException {
    launch();
    clickOn("#nav-settings");
    waitUntil(() -> installs().size() == 2);
    interact(() -> combo().requestFocus());

    Set<String> reached = new LinkedHashSet<>();
    for (int i = 0; i < 20 && !reached.contains("settings-device-save"); i++) {
      Node focused = combo().getScene().getFocusOwner();
      if (focused != null && focused.getId() != null) {
        reached.add(focused.getId());
      }
      type(KeyCode.TAB);
    }

    // The ways are one group of radio buttons: Tab reaches the chosen one, the arrows the others.
    assertThat(reached)
        .containsSubsequence(
            "settings-device-choice",
            "settings-device-refresh",
            "settings-device-installs",
            "settings-device-choose-folder",
            "settings-device-consent",
            "settings-device-route-bundled",
            "settings-device-check",
            "settings-device-save");
    interact(() -> radio("#settings-device-route-bundled").requestFocus());
    type(KeyCode.UP);
    assertThat(radio("#settings-device-route-downloaded").isSelected()).isTrue();
    assertThat(radio("#settings-device-route-downloaded").isFocused()).isTrue();
    type(KeyCode.UP);
    assertThat(radio("#settings-device-route-installed").isSelected()).isTrue();
  }

  private void launch() throws TimeoutException {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    DeviceSetup device =
        new DeviceSetup(new Probe(), new NoDownload(), EngineSetup.DEFAULT, Optional.empty());
    app =
        FxToolkit.setupApplication(
            () -> new AtelierApp(() -> studio, () -> Fixtures.ENGINE, Optional.of(device)));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @SuppressWarnings("unchecked")
  private ComboBox<DeviceOption> combo() {
    return (ComboBox<DeviceOption>) lookup("#settings-device-choice").query();
  }

  private List<DeviceOption> devices() {
    return List.copyOf(combo().getItems());
  }

  @SuppressWarnings("unchecked")
  private ListView<InstallRow> installList() {
    return (ListView<InstallRow>) lookup("#settings-device-installs").query();
  }

  private List<InstallRow> installs() {
    return List.copyOf(installList().getItems());
  }

  private RadioButton radio(String query) {
    return lookup(query).queryAs(RadioButton.class);
  }

  private Button button(String query) {
    return lookup(query).queryButton();
  }

  private String text(String query) {
    return lookup(query).queryAs(Label.class).getText();
  }

  private static void waitUntil(Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** One GPU, one usable installation and one too old; every check passes. */
  private static final class Probe implements DeviceProbe {
    @Override
    public Gpus gpus() {
      return new Gpus(
          List.of(new GpuInfo(0, "NVIDIA GeForce RTX 4090", 24564, 22630, "570.86")),
          Optional.empty());
    }

    @Override
    public List<TorchInstall> installs() {
      return List.of(
          new TorchInstall(USABLE, "pip (~/.local)", "2.7.1+cu128", "12.8", List.of()),
          new TorchInstall(
              OLD,
              "system Python",
              "1.13.1",
              "",
              List.of("This is PyTorch 1.13.1; Atelier's engine needs 2.7.1.")));
    }

    @Override
    public TorchInstall check(Path folder) {
      return new TorchInstall(folder, "chosen folder", "", "", List.of("No libtorch.so here."));
    }

    @Override
    public RouteTrial tryRoute(EngineSetup setup) {
      return setup.route() == EngineRoute.INSTALLED_PYTORCH
          ? RouteTrial.passed("PyTorch 2.7.1 cu128, 1 GPU")
          : RouteTrial.failed("Not this one.");
    }
  }

  /** Knows the download's size; downloads nothing. */
  private static final class NoDownload implements CudaLibraries {
    @Override
    public long downloadBytes() {
      return 2_610_000_000L;
    }

    @Override
    public Optional<Path> installed() {
      return Optional.empty();
    }

    @Override
    public Path download(Progress progress, CancellationToken cancel) throws IOException {
      throw new IOException("not in this test");
    }
  }
}
