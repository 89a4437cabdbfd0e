package dev.atelier.gui.common;

import dev.atelier.engine.EngineInfo;
import dev.atelier.io.Failures;
import java.util.Objects;
import java.util.concurrent.Callable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Detects the inference engine once, in the background, and exposes its {@link EngineStatus}.
 * Shared by every screen that shows the engine line.
 */
public final class EngineStatusModel {

  private final BackgroundRunner runner;
  private final Callable<EngineInfo> probe;
  private final ReadOnlyObjectWrapper<EngineStatus> status =
      new ReadOnlyObjectWrapper<>(this, "status", new EngineStatus.Loading());
  private final StringBinding text =
      Bindings.createStringBinding(() -> status.get().text(), status);
  private boolean started;

  /**
   * @param probe loads the engine and reports it, normally {@link EngineInfo#detect()}
   */
  public EngineStatusModel(BackgroundRunner runner, Callable<EngineInfo> probe) {
    this.runner = Objects.requireNonNull(runner);
    this.probe = Objects.requireNonNull(probe);
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

  /** The status as one line of text. */
  public StringBinding text() {
    return text;
  }

  private static String reason(Throwable error) {
    return Failures.describe(error);
  }
}
