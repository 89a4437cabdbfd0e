package dev.atelier.gui.common;

import dev.atelier.engine.EngineInfo;
import dev.atelier.io.Failures;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Detects the inference engine once, in the background, and exposes its {@link EngineStatus}.
 * Shared by every screen that shows the engine line. When start-up could not use the saved engine
 * setup and fell back to the built-in CPU libraries, its notice says so, and the line carries it.
 */
public final class EngineStatusModel {

  private final BackgroundRunner runner;
  private final Callable<EngineInfo> probe;
  private final Optional<String> notice;
  private final ReadOnlyObjectWrapper<EngineStatus> status =
      new ReadOnlyObjectWrapper<>(this, "status", new EngineStatus.Loading());
  private final StringBinding text;
  private boolean started;

  /**
   * @param probe loads the engine and reports it, normally {@link EngineInfo#detect()}
   */
  public EngineStatusModel(BackgroundRunner runner, Callable<EngineInfo> probe) {
    this(runner, probe, Optional.empty());
  }

  /**
   * @param probe loads the engine and reports it, normally {@link EngineInfo#detect()}
   * @param notice what start-up had to say about the engine setup, e.g. that the saved CUDA
   *     libraries did not load and the built-in CPU libraries run instead
   */
  public EngineStatusModel(
      BackgroundRunner runner, Callable<EngineInfo> probe, Optional<String> notice) {
    this.runner = Objects.requireNonNull(runner);
    this.probe = Objects.requireNonNull(probe);
    this.notice = notice.map(String::strip).filter(n -> !n.isEmpty());
    this.text =
        Bindings.createStringBinding(
            () -> status.get().text() + this.notice.map(n -> " — " + n).orElse(""), status);
  }

  /** Starts detection; later calls do nothing. */
  public void detect() {
    if (started) {
      return;
    }
    started = true;
    runner.run(
        probe,
        info -> status.set(new EngineStatus.Ready(info)),
        error -> status.set(new EngineStatus.Failed(reason(error))));
  }

  public ReadOnlyObjectProperty<EngineStatus> statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** What start-up said about the engine setup (a fallback to the CPU), if anything. */
  public Optional<String> notice() {
    return notice;
  }

  /** The status as one line of text, with the start-up notice after it. */
  public StringBinding text() {
    return text;
  }

  private static String reason(Throwable error) {
    return Failures.describe(error);
  }
}
