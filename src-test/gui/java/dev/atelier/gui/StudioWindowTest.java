package dev.atelier.gui;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.FxBackgroundRunner;
import dev.atelier.gui.generate.GenerateFormModel;
import dev.atelier.gui.shell.Screen;
import dev.atelier.gui.shell.ShellView;
import dev.atelier.gui.shell.ShellViewModel;
import dev.atelier.gui.theme.ThemeManager;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The studio's window on a temporary studio (JavaFX's headless platform, the built-in engine line),
 * shown at the Generate screen, for the screen tests that work through its real views: the shell,
 * its themes and a background runner, closed after each test. {@link #beforeWindow()} prepares the
 * studio (a model to import, a file to place) before the window opens.
 */
abstract class StudioWindowTest extends FxRobot {

  @TempDir Path home;
  Studio studio;
  FxBackgroundRunner runner;
  ShellViewModel shell;
  Stage stage;

  @BeforeEach
  final void openWindow() throws Exception {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    beforeWindow();
    stage = FxToolkit.registerPrimaryStage();
    runner = new FxBackgroundRunner();
    FxToolkit.setupFixture(
        () -> {
          ThemeManager themes =
              ThemeManager.load(studio.dirs().userThemes(), studio.settings(), runner);
          themes.applyBase();
          shell =
              new ShellViewModel(
                  studio, new EngineStatusModel(runner, () -> Fixtures.ENGINE), themes, runner);
          Scene scene = new Scene(new ShellView(shell).root(), 1280, 860);
          themes.attach(scene);
          stage.setScene(scene);
          shell.show(Screen.GENERATE);
          stage.show();
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Runs once the studio is open and before its window is: nothing unless overridden. */
  void beforeWindow() throws Exception {}

  @AfterEach
  final void closeWindow() throws TimeoutException {
    FxToolkit.setupFixture(() -> shell.close());
    FxToolkit.cleanupStages();
    runner.close();
    studio.close();
  }

  GenerateFormModel form() {
    return shell.generate().form();
  }

  /** Steps and variants as given, at 32×32 pixels. */
  void settings(int steps, int variants) {
    interact(
        () -> {
          spinner("#generate-steps").getValueFactory().setValue(steps);
          spinner("#generate-variants").getValueFactory().setValue(variants);
          spinner("#generate-width").getValueFactory().setValue(32);
          spinner("#generate-height").getValueFactory().setValue(32);
        });
  }

  @SuppressWarnings("unchecked")
  Spinner<Integer> spinner(String query) {
    return (Spinner<Integer>) lookup(query).query();
  }

  Object comboValue(String query) {
    return lookup(query).queryAs(ComboBox.class).getValue();
  }

  String text(String query) {
    Node node = lookup(query).query();
    return ((Label) node).getText();
  }

  /** A picture with a pattern in every channel, different from row to row. */
  static RgbImage pattern(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 5 + (i / (w * 3)) * 17);
    }
    return new RgbImage(w, h, rgb);
  }

  static void waitUntil(int seconds, Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
