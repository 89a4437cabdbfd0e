package dev.atelier.gui.generate;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where model loading and generation run, and how their progress gets back to the screen. The
 * studio uses one dedicated thread (a generation can take minutes; it must not hold up the shared
 * {@link dev.atelier.gui.common.BackgroundRunner}), tests run everything on the calling thread.
 */
public interface GenerationThread extends AutoCloseable {

  /** Runs {@code work} on the generation thread, after any work handed in before. */
  void submit(Runnable work);

  /** Runs {@code update} on the thread the screen is updated from. */
  void toScreen(Runnable update);

  /** Stops taking work and waits a moment for the running work (already told to stop) to end. */
  @Override
  void close();

  /** Everything at once on the calling thread: for view-model tests. */
  static GenerationThread sameThread() {
    return new GenerationThread() {
      @Override
      public void submit(Runnable work) {
        work.run();
      }

      @Override
      public void toScreen(Runnable update) {
        update.run();
      }

      @Override
      public void close() {}
    };
  }

  /** One daemon thread for the work; updates through {@link Platform#runLater}. */
  static GenerationThread dedicated() {
    return new Dedicated();
  }

  /** The studio's generation thread. */
  final class Dedicated implements GenerationThread {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationThread.class);
    private static final long CLOSE_WAIT_SECONDS = 20;

    private final ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "atelier-generate");
              t.setDaemon(true);
              return t;
            });

    private Dedicated() {}

    @Override
    public void submit(Runnable work) {
      executor.execute(
          () -> {
            try {
              work.run();
            } catch (RuntimeException | Error e) {
              LOG.error("Generation work failed", e);
            }
          });
    }

    @Override
    public void toScreen(Runnable update) {
      try {
        Platform.runLater(update);
      } catch (IllegalStateException e) {
        LOG.debug("No JavaFX toolkit to show an update on: {}", e.getMessage());
      }
    }

    @Override
    public void close() {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("Generation still running at exit; abandoning it");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
