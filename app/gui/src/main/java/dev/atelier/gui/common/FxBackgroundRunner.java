package dev.atelier.gui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's {@link BackgroundRunner}: a few daemon threads for the work, results delivered with
 * {@link Platform#runLater}. It counts unfinished tasks (callback included), so a caller can tell
 * when everything asked so far has reached the screen.
 */
public final class FxBackgroundRunner implements BackgroundRunner {

  private static final Logger LOG = LoggerFactory.getLogger(FxBackgroundRunner.class);
  private static final int THREADS = 3;
  private static final long CLOSE_WAIT_SECONDS = 2;

  private final ExecutorService executor;
  private final AtomicInteger unfinished = new AtomicInteger();

  public FxBackgroundRunner() {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "atelier-background-" + counter.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.executor = Executors.newFixedThreadPool(THREADS, daemons);
  }

  @Override
  public <T> void run(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
    unfinished.incrementAndGet();
    executor.execute(
        () -> {
          try {
            T result = work.call();
            deliver(() -> onSuccess.accept(result));
          } catch (Exception | LinkageError e) {
            LOG.warn("Background task failed", e);
            deliver(() -> onFailure.accept(e));
          }
        });
  }

  /** True when every task handed in so far has finished and its callback has run. */
  public boolean idle() {
    return unfinished.get() == 0;
  }

  /**
   * Stops the threads, giving running work a moment to end so that the services it uses can be
   * closed after this returns.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Background work still running at exit; abandoning it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(Runnable callback) {
    Platform.runLater(
        () -> {
          try {
            callback.run();
          } finally {
            unfinished.decrementAndGet();
          }
        });
  }
}
