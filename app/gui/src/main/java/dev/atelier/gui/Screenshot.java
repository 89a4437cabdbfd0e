package dev.atelier.gui;

import dev.atelier.gui.common.FxBackgroundRunner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a PNG of a scene once it has settled: all background work finished and shown (engine
 * detection included), or after a time limit, whichever comes first.
 */
final class Screenshot {

  private static final Logger LOG = LoggerFactory.getLogger(Screenshot.class);
  private static final Duration POLL = Duration.millis(100);

  /** Lets layout and CSS catch up with the last update before the snapshot. */
  private static final Duration MINIMUM_WAIT = Duration.millis(500);

  private final Scene scene;
  private final FxBackgroundRunner runner;
  private final Path file;
  private final Duration timeLimit;

  Screenshot(Scene scene, FxBackgroundRunner runner, Path file, Duration timeLimit) {
    this.scene = scene;
    this.runner = runner;
    this.file = file;
    this.timeLimit = timeLimit;
  }

  /**
   * Waits for the scene to settle, snapshots it, writes the file in the background, then calls
   * {@code done} on the JavaFX thread with whether it worked. Call on the JavaFX thread.
   */
  void takeWhenSettled(Consumer<Boolean> done) {
    long start = System.nanoTime();
    Timeline poll = new Timeline();
    poll.getKeyFrames()
        .add(
            new KeyFrame(
                POLL,
                e -> {
                  Duration waited = Duration.millis((System.nanoTime() - start) / 1e6);
                  boolean settled = runner.idle() && waited.greaterThan(MINIMUM_WAIT);
                  boolean late = waited.greaterThan(timeLimit);
                  if (settled || late) {
                    poll.stop();
                    if (!settled) {
                      LOG.warn(
                          "The window had not settled after {}; taking it as it is", timeLimit);
                    }
                    capture(done);
                  }
                }));
    poll.setCycleCount(Timeline.INDEFINITE);
    poll.play();
  }

  private void capture(Consumer<Boolean> done) {
    BufferedImage image = SwingFXUtils.fromFXImage(scene.snapshot(null), null);
    runner.run(
        () -> {
          Path parent = file.toAbsolutePath().getParent();
          Files.createDirectories(parent);
          if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
          }
          return file;
        },
        saved -> {
          LOG.info("Screenshot saved to {}", saved.toAbsolutePath());
          done.accept(true);
        },
        error -> {
          LOG.error("Could not save the screenshot to {}: {}", file, error.getMessage());
          done.accept(false);
        });
  }
}
