package dev.atelier.gui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs blocking work (disk, catalog queries, engine loading) away from the JavaFX application
 * thread and hands the result back to it. View-models depend on this interface only, so tests can
 * use {@link #sameThread()} and run without a display or a toolkit.
 */
public interface BackgroundRunner extends AutoCloseable {

  /**
   * Runs {@code work} in the background, then {@code onSuccess} with its result or {@code
   * onFailure} with what it threw, both on the thread the UI is updated from.
   */
  <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

  /** Stops accepting work. */
  @Override
  void close();

  /** A runner that does the work at once on the calling thread: for tests and tools. */
  static BackgroundRunner sameThread() {
    return new BackgroundRunner() {
      @Override
      public <T> void run(
          Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
          result = work.call();
        } catch (Exception | LinkageError e) {
          onFailure.accept(e);
          return;
        }
        onSuccess.accept(result);
      }

      @Override
      public void close() {}
    };
  }
}
