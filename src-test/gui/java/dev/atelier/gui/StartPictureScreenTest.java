package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.gui.generate.StartPictureModel;
import dev.atelier.gui.shell.Screen;
import dev.atelier.hashing.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * Image-to-image in the real window (JavaFX's headless platform) with the built-in model on a
 * temporary studio: a picture chosen for the Generate form shows as a thumbnail with its name and
 * size, the strength slider says how many steps run, Generate starts from the picture and the
 * catalog keeps its hash and strength; a file that is no picture is refused in the form's words; a
 * catalog image becomes the start picture from the inspector.
 */
class StartPictureScreenTest extends StudioWindowTest {

  @Test
  void aChosenPictureIsShownRunsStepsTimesStrengthAndIsRecordedAsTheStartImage() throws Exception {
    waitUntil(30, () -> comboValue("#generate-model") != null);
    Path dunes = home.resolve("dunes.png");
    Files.write(dunes, pattern(40, 24).toPng());
    settings(10, 1);
    assertThat(lookup("#generate-start-strength").query().getParent().isVisible()).isFalse();

    // What "Choose picture…" does with the file the chooser returns.
    interact(() -> startPicture().choose(dunes));

    waitUntil(10, () -> text("#generate-start-name").equals("dunes.png · 40×24"));
    ImageView thumbnail = lookup("#generate-start-thumbnail").queryAs(ImageView.class);
    assertThat(thumbnail.getImage()).isNotNull();
    assertThat(thumbnail.getImage().getWidth()).isEqualTo(40);
    assertThat(text("#generate-start-strength-value")).isEqualTo("0.60");
    assertThat(text("#generate-start-runs")).isEqualTo("Runs 6 of 10 steps");

    // The slider by keyboard: two blocks of 0.05 down.
    Slider strength = lookup("#generate-start-strength").queryAs(Slider.class);
    interact(strength::requestFocus);
    type(KeyCode.LEFT, 2);
    waitUntil(5, () -> text("#generate-start-strength-value").equals("0.50"));
    assertThat(text("#generate-start-runs")).isEqualTo("Runs 5 of 10 steps");

    clickOn("#generate-prompt").write("dunes at noon");
    clickOn("#generate-run");
    waitUntil(60, () -> text("#generate-status").contains("variant in"));
    assertThat(text("#generate-status"))
        .matches("1 variant in .* steps/s · 5 of 10 steps from the start picture");

    Generation g = studio.catalog().generations().recent(1).getFirst();
    assertThat(g.prompt()).isEqualTo("dunes at noon");
    assertThat(g.status()).isEqualTo(Generation.Status.DONE);
    assertThat(studio.catalog().generations().inputs(g.id()))
        .containsExactly(
            new GenerationInput(
                GenerationInput.Role.START_IMAGE,
                Hashes.sha256Hex(Files.readAllBytes(dunes)),
                0.5));
    assertThat(text("#generate-start-name"))
        .as("the picture stays for the next run")
        .isEqualTo("dunes.png · 40×24");

    // A file that is no picture: the core's words, and the chosen picture stays.
    Path notes = home.resolve("notes.png");
    Files.writeString(notes, "not a picture");
    interact(() -> startPicture().choose(notes));
    waitUntil(10, () -> lookup("#generate-problem").query().isVisible());
    assertThat(text("#generate-problem"))
        .isEqualTo(notes + " is not a picture Atelier can read (PNG, JPEG, BMP or GIF)");
    assertThat(text("#generate-start-name")).isEqualTo("dunes.png · 40×24");

    // Under one step: refused before anything starts.
    settings(1, 1);
    assertThat(text("#generate-start-runs"))
        .isEqualTo("Runs no step of 1: raise the strength or the steps");
    clickOn("#generate-run");
    waitUntil(5, () -> text("#generate-problem").contains("would not run a single step"));
    assertThat(studio.catalog().generations().recent(5)).hasSize(1);

    // Clear, by keyboard.
    Button clear = lookup("#generate-start-clear").queryButton();
    interact(clear::requestFocus);
    type(KeyCode.SPACE);
    waitUntil(5, () -> startPicture().pictureProperty().get() == null);
    assertThat(thumbnail.getImage()).isNull();
    assertThat(lookup("#generate-start-strength").query().getParent().isVisible()).isFalse();
  }

  @Test
  void useAsStartPictureInTheInspectorChoosesTheImageAndShowsGenerate() throws Exception {
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 5);
    interact(
        () -> {
          shell.show(Screen.CATALOG);
          shell.selection().select(asset.id());
        });
    Button use = lookup("#inspector-start-picture").queryButton();
    waitUntil(10, () -> !use.isDisabled());

    clickOn(use);

    waitUntil(10, () -> shell.currentScreen() == Screen.GENERATE);
    waitUntil(10, () -> text("#generate-start-name").equals("image-5.png · 24×16"));
    assertThat(startPicture().pictureProperty().get().sha256()).isEqualTo(asset.fileSha256());
  }

  private StartPictureModel startPicture() {
    return shell.generate().form().startPicture();
  }
}
