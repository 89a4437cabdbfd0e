package dev.atelier.gui.common;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Carries progress from a worker thread to the screen with never more than one update waiting: a
 * hashing loop that reports every megabyte does not flood the screen thread, which always sees the
 * newest value. Posted from any thread; shown through {@code toScreen}.
 */
public final class LatestOnScreen<T> {

  private final Consumer<Runnable> toScreen;
  private final Consumer<? super T> show;
  private final AtomicReference<T> pending = new AtomicReference<>();

  /**
   * @param toScreen runs an update on the screen thread ({@link Lane#toScreen}, {@link
   *     TaskContext#toScreen})
   * @param show shows one value, on the screen thread
   */
  public LatestOnScreen(Consumer<Runnable> toScreen, Consumer<? super T> show) {
    this.toScreen = Objects.requireNonNull(toScreen);
    this.show = Objects.requireNonNull(show);
  }

  /** Hands {@code value} to the screen, replacing one not shown yet. */
  public void post(T value) {
    if (pending.getAndSet(Objects.requireNonNull(value)) == null) {
      toScreen.accept(this::deliver);
    }
  }

  private void deliver() {
    T value = pending.getAndSet(null);
    if (value != null) {
      show.accept(value);
    }
  }
}
