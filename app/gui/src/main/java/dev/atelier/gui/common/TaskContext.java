package dev.atelier.gui.common;

/** What a running {@link BackgroundTask} sees of its runner. */
public interface TaskContext {

  /** Hands {@code update} (progress, a row done) to the screen thread, unless cancelled. */
  void toScreen(Runnable update);

  /** True once the task was cancelled: work that can stop early checks this between steps. */
  boolean cancelled();
}
