package dev.atelier.gui.common;

/** A task handed to a {@link BackgroundRunner}, to cancel it. */
public interface TaskHandle {

  /**
   * Asks the task to stop: its {@link TaskContext#cancelled()} turns true, and neither its result
   * nor its failure reaches the screen any more. Running work is not interrupted.
   */
  void cancel();

  boolean cancelled();
}
