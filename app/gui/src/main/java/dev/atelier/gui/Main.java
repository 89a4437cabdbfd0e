package dev.atelier.gui;

import dev.atelier.Studio;
import dev.atelier.engine.RouteCheck;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import javafx.application.Application;

/**
 * The studio's entry point. It starts the core services (catalog, settings, wallet: {@link
 * Studio#start()}) on a thread of their own, then JavaFX, so that the two start side by side and
 * {@link AtelierApp#init()} only waits for what is left. The main class is not the {@link
 * Application} itself on purpose: for such a class Java's launcher starts the JavaFX toolkit before
 * {@code main} runs, one after the other.
 */
public final class Main {

  /** The core services being started; null until {@link #main} runs (tests, IDE launches). */
  private static volatile CompletableFuture<Studio> early;

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(RouteCheck.LAUNCHER_ARGUMENT)) {
      // The studio's launcher started as the engine's separate check (RouteCheck): only that.
      RouteCheck.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    try {
      LaunchOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("atelier: " + e.getMessage());
      System.exit(2);
    }
    early = CompletableFuture.supplyAsync(Studio::start, Main::startThread);
    Application.launch(AtelierApp.class, args);
    System.exit(AtelierApp.exitStatus());
  }

  /**
   * The studio core for {@link AtelierApp}: the one {@link #main} started (waiting for it), or a
   * new one when the application was launched some other way.
   */
  static Supplier<Studio> studio() {
    return () -> {
      CompletableFuture<Studio> started = early;
      if (started == null) {
        return Studio.start();
      }
      try {
        return started.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    };
  }

  private static void startThread(Runnable work) {
    Thread.ofPlatform().daemon().name("atelier-start").start(work);
  }
}
