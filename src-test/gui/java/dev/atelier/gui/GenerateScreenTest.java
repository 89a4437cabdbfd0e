package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.config.AppDirs;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.image.ImageView;
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
 * The Generate screen in the real window (JavaFX's headless platform), with the built-in model on a
 * temporary studio: typed prompt, Ctrl+Enter, live previews, Keep; Escape cancels.
 */
class GenerateScreenTest extends FxRobot {

  @TempDir Path home;
  private Stage stage;
  private Application app;
  private Studio studio;

  @BeforeEach
  void launch() throws TimeoutException {
    stage = FxToolkit.registerPrimaryStage();
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    app = FxToolkit.setupApplication(() -> new AtelierApp(() -> studio, () -> Fixtures.ENGINE));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @AfterEach
  void close() throws TimeoutException {
    FxToolkit.cleanupApplication(app);
    FxToolkit.cleanupStages();
  }

  @Test
  void ctrlEnterGeneratesWithLivePreviewsAndKeepSavesTheVariant() throws Exception {
    waitUntil(30, () -> comboValue("#generate-model") != null);
    assertThat(text("#generate-engine")).isEqualTo(Fixtures.ENGINE_LINE);
    settings(3, 2);

    clickOn("#generate-prompt").write("a red circle on blue");
    press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

    waitUntil(10, () -> lookup("#variant-2").tryQuery().isPresent());
    waitUntil(60, () -> text("#generate-status").contains("variants in"));
    assertThat(text("#generate-status")).matches("2 variants in .* steps/s");
    for (String card : List.of("#variant-1", "#variant-2")) {
      ImageView picture = from(lookup(card)).lookup(".image-view").queryAs(ImageView.class);
      assertThat(picture.getImage()).isNotNull();
      assertThat(picture.getImage().getWidth()).isEqualTo(32);
    }

    Button keep = from(lookup("#variant-1")).lookup(".variant-keep").queryButton();
    waitUntil(5, () -> !keep.isDisabled());
    clickOn(keep);

    waitUntil(
        10, () -> keep.getText().equals("Kept") && !studio.catalog().assets().kept(10).isEmpty());
    List<Asset> kept = studio.catalog().assets().kept(10);
    assertThat(kept).hasSize(1);
    Asset asset = kept.getFirst();
    assertThat(asset.variantIndex()).isZero();
    assertThat(Path.of(asset.filePath()))
        .exists()
        .hasParent(AppDirs.under(home).data().resolve("images"));
    Generation g = studio.catalog().generations().find(asset.generationId()).orElseThrow();
    assertThat(g.prompt()).isEqualTo("a red circle on blue");
    assertThat(g.steps()).isEqualTo(3);
    waitUntil(5, () -> lookup(".toast").tryQuery().isPresent());
  }

  @Test
  void escapeCancelsARunningGeneration() throws Exception {
    waitUntil(30, () -> comboValue("#generate-model") != null);
    settings(400, 1);
    clickOn("#generate-prompt").write("a long walk");
    press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    waitUntil(30, () -> text("#generate-status").startsWith("Step"));

    press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

    waitUntil(20, () -> text("#generate-status").startsWith("Cancelled."));
    assertThat(lookup("#generate-run").query().isVisible()).isTrue();
    assertThat(studio.catalog().generations().recent(1).getFirst().status())
        .isEqualTo(Generation.Status.CANCELLED);
  }

  /** Small, fast runs: 32×32 and few steps. */
  private void settings(int steps, int variants) {
    interact(
        () -> {
          spinner("#generate-steps").getValueFactory().setValue(steps);
          spinner("#generate-variants").getValueFactory().setValue(variants);
          spinner("#generate-width").getValueFactory().setValue(32);
          spinner("#generate-height").getValueFactory().setValue(32);
        });
  }

  @SuppressWarnings("unchecked")
  private Spinner<Integer> spinner(String query) {
    return (Spinner<Integer>) lookup(query).query();
  }

  private Object comboValue(String query) {
    return lookup(query).queryAs(ComboBox.class).getValue();
  }

  private String text(String query) {
    Node node = lookup(query).query();
    return ((Label) node).getText();
  }

  private static void waitUntil(int seconds, Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
