package dev.atelier.task;

import java.util.concurrent.CancellationException;

/**
 * Asks a long-running task whether the user has cancelled it. Tasks poll it at safe points (a
 * sampler polls before every step) and stop by throwing {@link CancellationException}. Any boolean
 * source will do, e.g. {@code AtomicBoolean::get}.
 */
@FunctionalInterface
public interface CancellationToken {

  /** A token that is never cancelled. */
  CancellationToken NONE = () -> false;

  boolean isCancelled();

  /**
   * @throws CancellationException if the task has been cancelled
   */
  default void throwIfCancelled() {
    if (isCancelled()) {
      throw new CancellationException("Cancelled");
    }
  }
}
