package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.batch.BatchModel;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.ByteSizes;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.FxBackgroundRunner;
import dev.atelier.gui.common.Notices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Add model…" in the real window (JavaFX's headless platform): the dialog inspects the chosen
 * file, imports it with the license typed, shows its hashes, and the picker then holds the new
 * model with its kind and size; a refused file is said in the dialog and Escape closes it. The
 * system's file chooser is replaced by one that answers with a prepared path.
 */
class AddModelDialogTest extends FxRobot {

  @TempDir static Path downloads;
  static Path checkpoint;

  @TempDir Path home;
  private Studio studio;
  private FxBackgroundRunner runner;
  private GenerateViewModel model;
  private final AtomicReference<Path> chosen = new AtomicReference<>();

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    checkpoint = RunnableCheckpoints.write(downloads.resolve("Tiny Portraits.safetensors"), 9);
  }

  @BeforeEach
  void show() throws Exception {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    runner = new FxBackgroundRunner();
    ModelSourceChooser answers =
        new ModelSourceChooser() {
          @Override
          public Optional<Path> file(Window owner) {
            return Optional.ofNullable(chosen.get());
          }

          @Override
          public Optional<Path> folder(Window owner) {
            return Optional.ofNullable(chosen.get());
          }
        };
    FxToolkit.registerPrimaryStage();
    FxToolkit.setupStage(
        (Stage s) -> {
          model =
              GenerateViewModel.forStudio(
                  studio,
                  new EngineStatusModel(runner, () -> Fixtures.ENGINE),
                  runner,
                  new AssetSelection(),
                  new Notices());
          BatchModel batch =
              new BatchModel(
                  studio.generation(),
                  studio.catalog(),
                  studio.clock(),
                  studio.dirs().batches(),
                  runner,
                  new Notices());
          Scene scene = new Scene(new GenerateView(model, batch, answers).root(), 1200, 800);
          scene
              .getStylesheets()
              .add(getClass().getResource("/themes/atelier.css").toExternalForm());
          s.setScene(scene);
          s.show();
          model.activate();
        });
    waitUntil(30, () -> picker().getValue() != null);
  }

  @AfterEach
  void close() throws TimeoutException {
    FxToolkit.cleanupStages();
    model.close();
    runner.close();
    studio.close();
  }

  @Test
  void importsTheChosenFileShowsItsHashesAndChoosesItInThePicker() throws Exception {
    chosen.set(checkpoint);
    clickOn("#generate-add-model");
    waitUntil(10, () -> shown("#add-model-file"));
    assertThat(button("#add-model-import").isDisabled()).as("nothing chosen yet").isTrue();

    clickOn("#add-model-file");
    waitUntil(10, () -> text("#add-model-found").startsWith("Stable Diffusion"));
    assertThat(text("#add-model-found"))
        .isEqualTo("Stable Diffusion 1.x, single file · " + ByteSizes.of(Files.size(checkpoint)));
    assertThat(text("#add-model-source")).isEqualTo("Tiny Portraits.safetensors");
    assertThat(lookup("#add-model-name").queryAs(TextField.class).getText())
        .isEqualTo("Tiny Portraits");
    clickOn("#add-model-license").write("CC0-1.0");

    clickOn("#add-model-import");

    String sha = sha256(checkpoint);
    waitUntil(30, () -> shown("#add-model-done"));
    assertThat(text("#add-model-short-hash"))
        .isEqualTo(sha.substring(0, 10).toUpperCase(Locale.ROOT));
    assertThat(lookup("#add-model-sha256").queryAs(TextField.class).getText()).isEqualTo(sha);
    assertThat(button("#add-model-close").getText()).isEqualTo("Done");
    assertThat(studio.generation().library().find("tiny-portraits").manifest().license())
        .isEqualTo("CC0-1.0");

    clickOn("#add-model-close");
    waitUntil(10, () -> !shown("#add-model-done"));
    waitUntil(10, () -> picker().getValue().id().equals("tiny-portraits@1"));
    assertThat(text("#generate-model-detail"))
        .isEqualTo("Stable Diffusion checkpoint · " + ByteSizes.of(Files.size(checkpoint)));
    waitUntil(60, () -> studio.generation().isLoaded("tiny-portraits@1"));
  }

  @Test
  void aRefusedFileIsSaidInTheDialogAndEscapeClosesIt() throws Exception {
    chosen.set(TestCheckpoints.pickle(downloads.resolve("old.ckpt")));
    clickOn("#generate-add-model");
    waitUntil(10, () -> shown("#add-model-file"));

    clickOn("#add-model-file");

    waitUntil(10, () -> shown("#add-model-problem"));
    assertThat(text("#add-model-problem")).contains("pickle").contains(".safetensors version");
    assertThat(button("#add-model-import").isDisabled()).isTrue();
    assertThat(shown("#add-model-name")).isFalse();

    press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    waitUntil(10, () -> !shown("#add-model-file"));
    assertThat(studio.generation().library().list())
        .extracting(m -> m.id())
        .containsExactly("atelier-tiny@4");
  }

  @SuppressWarnings("unchecked")
  private ComboBox<ModelChoice> picker() {
    return lookup("#generate-model").queryAs(ComboBox.class);
  }

  private javafx.scene.control.Button button(String query) {
    return lookup(query).queryButton();
  }

  /** The node is in a showing window, and it and every parent are visible. */
  private boolean shown(String query) {
    Optional<Node> node = lookup(query).tryQuery();
    if (node.isEmpty() || !node.get().getScene().getWindow().isShowing()) {
      return false;
    }
    for (Node n = node.get(); n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return true;
  }

  private String text(String query) {
    return lookup(query).queryAs(Label.class).getText();
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void waitUntil(int seconds, Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
