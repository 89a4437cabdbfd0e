package dev.atelier.gui.inspector;

import dev.atelier.gui.common.BackgroundRunner;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackgroundRunner} that gives each task a thread of its own, for long work such as a mint
 * that waits for receipts, so it never holds up the shared background threads. Results (and
 * progress handed to {@link #ui()}) reach the JavaFX thread through {@code ui}.
 */
final class ThreadRunner implements BackgroundRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ThreadRunner.class);
  private static final AtomicInteger COUNT = new AtomicInteger();

  private final Executor ui;

  ThreadRunner(Executor ui) {
    this.ui = ui;
  }

  Executor ui() {
    return ui;
  }

  @Override
  public <T> void run(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
    Thread.ofPlatform()
        .daemon()
        .name("atelier-chain-" + COUNT.incrementAndGet())
        .start(
            () -> {
              try {
                T result = work.call();
                ui.execute(() -> onSuccess.accept(result));
              } catch (Exception | LinkageError e) {
                LOG.warn("Chain task failed", e);
                ui.execute(() -> onFailure.accept(e));
              }
            });
  }

  @Override
  public void close() {}
}
