package dev.atelier.gui.common;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** {@link BackgroundRunner#sameThread()}: every lane, and the screen, is the calling thread. */
final class SameThreadRunner implements BackgroundRunner {

  @Override
  public <T> TaskHandle start(
      BackgroundTask<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
    Handle handle = new Handle();
    T result;
    try {
      result = task.call(handle);
    } catch (Exception | LinkageError e) {
      if (!handle.cancelled()) {
        onFailure.accept(e);
      }
      return handle;
    }
    if (!handle.cancelled()) {
      onSuccess.accept(result);
    }
    return handle;
  }

  /** At once, so that what the work throws reaches the test. */
  @Override
  public void submit(Runnable work) {
    work.run();
  }

  @Override
  public void toScreen(Runnable update) {
    update.run();
  }

  @Override
  public Lane longLane(String name) {
    return this;
  }

  @Override
  public void close() {}

  private static final class Handle implements TaskHandle, TaskContext {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void cancel() {
      cancelled.set(true);
    }

    @Override
    public boolean cancelled() {
      return cancelled.get();
    }

    @Override
    public void toScreen(Runnable update) {
      if (!cancelled()) {
        update.run();
      }
    }
  }
}
