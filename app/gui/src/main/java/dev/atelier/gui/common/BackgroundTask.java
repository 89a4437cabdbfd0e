package dev.atelier.gui.common;

/**
 * Work handed to a {@link BackgroundRunner}: it may hand progress to the screen and stop early when
 * cancelled, through its {@link TaskContext}.
 */
@FunctionalInterface
public interface BackgroundTask<T> {

  T call(TaskContext context) throws Exception;
}
