package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.bench.CatalogBench;
import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.engine.EngineInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real main window, on JavaFX's headless platform, with a studio on a temporary folder and a
 * fake engine probe.
 */
class AtelierAppTest extends FxRobot {

  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

  @TempDir Path home;
  private Stage stage;
  private Application app;

  @BeforeEach
  void registerStage() throws TimeoutException {
    stage = FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void closeApp() throws TimeoutException {
    if (app != null) {
      FxToolkit.cleanupApplication(app);
      app = null;
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void opensOnGenerateAndShowsTheDetectedEngine() throws TimeoutException {
    launch(studio -> {}, () -> Fixtures.ENGINE);

    assertThat(stage.getTitle()).isEqualTo("Atelier");
    assertThat(shown("#screen-generate")).isTrue();
    assertThat(navButton("#nav-generate").isSelected()).isTrue();
    waitUntil(() -> Fixtures.ENGINE_LINE.equals(text("#status-engine")));
    assertThat(text("#generate-engine")).isEqualTo(Fixtures.ENGINE_LINE);
    assertThat(text("#status-catalog")).isEqualTo(AppDirs.under(home).catalogFile().toString());
  }

  @Test
  void statusBarSaysWhyTheEngineFailed() throws TimeoutException {
    launch(
        studio -> {},
        () -> {
          throw new IllegalStateException("no native library for this platform");
        });

    waitUntil(() -> text("#status-engine").startsWith("Engine unavailable"));
    assertThat(text("#status-engine"))
        .isEqualTo("Engine unavailable: no native library for this platform");
    assertThat(lookup("#status-engine").query().getPseudoClassStates()).contains(FAILED);
  }

  @Test
  void switchesScreensByRailAndByShortcut() throws TimeoutException {
    launch(studio -> {}, () -> Fixtures.ENGINE);

    clickOn("#nav-catalog");
    assertThat(shown("#screen-catalog")).isTrue();
    assertThat(shown("#screen-generate")).isFalse();
    assertThat(navButton("#nav-catalog").isSelected()).isTrue();
    assertThat(navButton("#nav-generate").isSelected()).isFalse();
    waitUntil(() -> shown("#catalog-empty"));
    assertThat(lookup("#catalog-empty").lookup("No images yet").tryQuery()).isPresent();

    clickOn("#nav-catalog");
    assertThat(navButton("#nav-catalog").isSelected())
        .as("clicking the current screen keeps it selected")
        .isTrue();

    press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(shown("#screen-wallet")).isTrue();
    assertThat(shown("#screen-catalog")).isFalse();
    assertThat(navButton("#nav-wallet").isSelected()).isTrue();
    waitUntil(() -> shown("#wallet-empty"));

    press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(shown("#screen-settings")).isTrue();
    assertThat(shown("#theme-choice")).isTrue();

    press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(shown("#screen-generate")).isTrue();
    assertThat(navButton("#nav-generate").isSelected()).isTrue();
  }

  @Test
  void catalogShowsTheImagesInTheCatalog() throws TimeoutException {
    launch(studio -> CatalogBench.fill(studio.catalog(), 3), () -> Fixtures.ENGINE);

    clickOn("#nav-catalog");
    waitUntil(() -> shown("#catalog-grid"));

    assertThat(shown("#catalog-empty")).isFalse();
    assertThat(text("#catalog-summary")).isEqualTo("3 images");
    assertThat(lookup(".catalog-tile").<Node>queryAll().stream().filter(Node::isVisible))
        .hasSize(3);
    Node tile = lookup("#catalog-tile-3").query();
    assertThat(tile.isVisible()).isTrue();
    assertThat(lookup("#catalog-tile-1").lookup(CatalogBench.prompt(0)).tryQuery()).isPresent();
  }

  @Test
  void themeChoiceAppliesAtOnceAndIsRememberedForTheNextStart() throws TimeoutException {
    launch(studio -> {}, () -> Fixtures.ENGINE);
    Scene scene = stage.getScene();
    assertThat(scene.getStylesheets()).anyMatch(s -> s.endsWith("themes/light.css"));
    Paint lightBackground = background(scene);

    clickOn("#nav-settings");
    clickOn("#theme-choice");
    clickOn("Dark");
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(scene.getStylesheets())
        .hasSize(2)
        .anyMatch(s -> s.endsWith("themes/atelier.css"))
        .anyMatch(s -> s.endsWith("themes/dark.css"))
        .noneMatch(s -> s.endsWith("themes/light.css"));
    assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");
    Paint darkBackground = background(scene);
    assertThat(darkBackground).isNotEqualTo(lightBackground);
    Path settingsFile = AppDirs.under(home).settingsFile();
    waitUntil(() -> Settings.load(settingsFile).theme().equals("dark"));

    FxToolkit.cleanupApplication(app);
    launch(studio -> {}, () -> Fixtures.ENGINE);
    assertThat(stage.getScene().getStylesheets()).anyMatch(s -> s.endsWith("themes/dark.css"));
    assertThat(background(stage.getScene())).isEqualTo(darkBackground);

    clickOn("#nav-settings");
    clickOn("#theme-choice");
    clickOn("Light");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(background(stage.getScene())).isEqualTo(lightBackground);
    waitUntil(() -> Settings.load(settingsFile).theme().equals("light"));
  }

  private void launch(Consumer<Studio> seed, Callable<EngineInfo> engineProbe)
      throws TimeoutException {
    Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    seed.accept(studio);
    app = FxToolkit.setupApplication(() -> new AtelierApp(() -> studio, engineProbe));
    WaitForAsyncUtils.waitForFxEvents();
  }

  private boolean shown(String query) {
    return lookup(query).tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false);
  }

  private String text(String query) {
    return lookup(query).queryAs(Label.class).getText();
  }

  private ToggleButton navButton(String query) {
    return lookup(query).queryAs(ToggleButton.class);
  }

  private static Paint background(Scene scene) {
    Region root = (Region) scene.getRoot();
    return WaitForAsyncUtils.waitForAsyncFx(
        5_000,
        () -> {
          root.applyCss();
          return root.getBackground().getFills().getFirst().getFill();
        });
  }

  private static void waitUntil(Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
