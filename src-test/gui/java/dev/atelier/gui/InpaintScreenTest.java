package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.gui.generate.MaskPainting;
import dev.atelier.gui.generate.StartPictureModel;
import dev.atelier.hashing.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Inpainting in the real window (JavaFX's headless platform) with the built-in model: over a chosen
 * start picture, "Paint mask…" opens the editor; a stroke dragged across it paints, the eraser and
 * undo give parts back, invert and clear work on the whole mask; "Use mask" puts it on the form (a
 * tint on the thumbnail, the share painted, the seam blur), Generate repaints only there and the
 * catalog records the mask's hash and blur; choosing another picture drops the mask.
 */
class InpaintScreenTest extends StudioWindowTest {

  @Test
  void aMaskPaintedInTheEditorLimitsTheRunAndIsRecorded() throws Exception {
    waitUntil(30, () -> comboValue("#generate-model") != null);
    Path dunes = home.resolve("dunes.png");
    Files.write(dunes, pattern(40, 24).toPng());
    settings(10, 1);
    interact(() -> startPicture().choose(dunes));
    waitUntil(10, () -> text("#generate-start-name").equals("dunes.png · 40×24"));
    assertThat(lookup("#generate-start-mask-blur").query().getParent().isVisible()).isFalse();

    clickOn("#generate-start-mask");
    waitUntil(10, () -> lookup("#mask-canvas").tryQuery().isPresent());
    Node canvas = lookup("#mask-canvas").query();
    assertThat(text("#mask-coverage")).isEqualTo("Nothing painted: the whole picture is kept");

    // A larger brush by keyboard, then a stroke across the middle of the picture.
    Slider size = lookup("#mask-size").queryAs(Slider.class);
    double before = size.getValue();
    type(KeyCode.CLOSE_BRACKET, 6);
    assertThat(size.getValue()).isCloseTo(before * Math.pow(1.25, 6), within(1e-6));
    Bounds box = canvas.localToScreen(canvas.getBoundsInLocal());
    double y = box.getMinY() + box.getHeight() / 2;
    drag(new Point2D(box.getMinX() + box.getWidth() * 0.3, y), MouseButton.PRIMARY)
        .dropTo(new Point2D(box.getMinX() + box.getWidth() * 0.7, y));
    waitUntil(5, () -> text("#mask-coverage").endsWith("of the picture repainted"));
    String painted = text("#mask-coverage");

    // Invert, then undo it; clear, undo again: the same stroke is back.
    // (Keys and fire(): the headless platform's clicks land off in a dialog's top rows.)
    type(KeyCode.I);
    assertThat(text("#mask-coverage")).isNotEqualTo(painted);
    press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
    assertThat(text("#mask-coverage")).isEqualTo(painted);
    type(KeyCode.DELETE);
    assertThat(text("#mask-coverage")).isEqualTo("Nothing painted: the whole picture is kept");
    interact(() -> lookup("#mask-undo").queryButton().fire());
    assertThat(text("#mask-coverage")).isEqualTo(painted);

    snapshot(canvas.getScene().getRoot(), Path.of("target", "mask-editor.png"));
    type(KeyCode.ENTER); // Use mask
    waitUntil(5, () -> startPicture().maskProperty().get() != null);
    MaskPainting.Mask mask = startPicture().maskProperty().get();
    assertThat(mask.width()).isEqualTo(40);
    assertThat(mask.height()).isEqualTo(24);
    assertThat(mask.coverage()).isBetween(0.1, 0.6);
    assertThat(text("#generate-start-mask-share")).endsWith("% repainted");
    assertThat(lookup("#generate-start-mask-blur").query().getParent().isVisible()).isTrue();
    assertThat(lookup("#generate-start-mask-tint").queryAs(ImageView.class).getImage()).isNotNull();
    assertThat(text("#generate-start-runs")).isEqualTo("Runs 6 of 10 steps, inside the mask");

    snapshot(lookup("#generate-start").query(), Path.of("target", "inpaint-form.png"));
    interact(() -> startPicture().maskBlurProperty().set(2));
    clickOn("#generate-prompt").write("dunes with a river");
    clickOn("#generate-run");
    waitUntil(60, () -> text("#generate-status").contains("variant in"));

    Generation g = studio.catalog().generations().recent(1).getFirst();
    assertThat(g.status()).isEqualTo(Generation.Status.DONE);
    String maskHash = Hashes.sha256Hex(new GrayImage(40, 24, mask.values()).toPng());
    assertThat(studio.catalog().generations().inputs(g.id()))
        .containsExactlyInAnyOrder(
            new GenerationInput(
                GenerationInput.Role.START_IMAGE, Hashes.sha256Hex(Files.readAllBytes(dunes)), 0.6),
            new GenerationInput(GenerationInput.Role.MASK, maskHash, 2));

    // Another picture: the mask was painted over the first one, so it goes.
    Path sea = home.resolve("sea.png");
    Files.write(sea, pattern(40, 24).toPng());
    interact(() -> startPicture().choose(sea));
    waitUntil(10, () -> text("#generate-start-name").startsWith("sea.png"));
    assertThat(startPicture().maskProperty().get()).isNull();
    assertThat(lookup("#generate-start-mask-tint").queryAs(ImageView.class).getImage()).isNull();
  }

  @Test
  void escapeLeavesTheMaskAsItWas() throws Exception {
    waitUntil(30, () -> comboValue("#generate-model") != null);
    Path dunes = home.resolve("dunes.png");
    Files.write(dunes, pattern(40, 24).toPng());
    interact(() -> startPicture().choose(dunes));
    waitUntil(10, () -> startPicture().pictureProperty().get() != null);

    clickOn("#generate-start-mask");
    waitUntil(10, () -> lookup("#mask-canvas").tryQuery().isPresent());
    type(KeyCode.I);
    type(KeyCode.ESCAPE);

    WaitForAsyncUtils.waitForFxEvents();
    assertThat(lookup("#mask-canvas").tryQuery()).isEmpty();
    assertThat(startPicture().maskProperty().get()).isNull();
  }

  /** A picture of {@code node} for a person to look at (target/); none on platforms without. */
  private void snapshot(Node node, Path file) {
    interact(
        () -> {
          try {
            java.awt.image.BufferedImage image =
                javafx.embed.swing.SwingFXUtils.fromFXImage(node.snapshot(null, null), null);
            javax.imageio.ImageIO.write(image, "png", file.toFile());
          } catch (Exception | Error e) {
            System.err.println("No snapshot: " + e);
          }
        });
  }

  private StartPictureModel startPicture() {
    return shell.generate().form().startPicture();
  }
}
