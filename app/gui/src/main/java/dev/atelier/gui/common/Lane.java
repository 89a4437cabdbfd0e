package dev.atelier.gui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Where tasks of a {@link BackgroundRunner} run: its shared lane, or a long lane of one thread. */
public interface Lane extends AutoCloseable {

  /**
   * Runs {@code task} on this lane, then {@code onSuccess} with its result or {@code onFailure}
   * with what it threw, both on the screen thread; neither runs once the task was cancelled.
   */
  <T> TaskHandle start(
      BackgroundTask<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

  /** {@link #start} for work that reports nothing on the way. */
  default <T> TaskHandle run(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
    return start(context -> work.call(), onSuccess, onFailure);
  }

  /**
   * Runs {@code work}, which reports to the screen itself through {@link #toScreen}; what it throws
   * is logged.
   */
  default void submit(Runnable work) {
    start(
        context -> {
          work.run();
          return null;
        },
        done -> {},
        failure -> {});
  }

  /** Runs {@code update} on the screen thread. */
  void toScreen(Runnable update);

  /**
   * Takes no more work and waits a moment for the work handed in (told to stop by its owner) to
   * end.
   */
  @Override
  void close();
}
