package dev.atelier.gui.generate;

import dev.atelier.generate.GenerationSession;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the Generate screen's models stand, said the studio's one way ({@link LoadStatus}): the
 * list of installed models, read when the screen opens, and the chosen model, loaded ahead on the
 * generation lane so that the first run starts at once (the studio's {@link GenerationSession}
 * keeps it). {@link #noteProperty()} is the line under the model picker: why the models could not
 * be read, that none is installed and where to put one, or why the chosen model could not be read.
 * Used on the JavaFX thread.
 */
public final class ModelLoading {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoading.class);

  private final GenerationSession session;
  private final Lane lane;
  private final BooleanSupplier runWaiting;
  private final LoadStatus list = new LoadStatus("the models");
  private final LoadStatus chosen = new LoadStatus("the chosen model");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
  private final StringBinding note;

  /** The model asked for last; a load that ends for another one is not shown. */
  private String requested;

  /**
   * @param lane the generation's lane: the chosen model loads there, before any run
   * @param runWaiting whether a run waits for the model (it then reports a failure itself)
   */
  ModelLoading(GenerationSession session, Lane lane, BooleanSupplier runWaiting) {
    this.session = Objects.requireNonNull(session);
    this.lane = Objects.requireNonNull(lane);
    this.runWaiting = Objects.requireNonNull(runWaiting);
    note =
        Bindings.createStringBinding(
            this::noteText,
            list.stateProperty(),
            list.errorProperty(),
            chosen.stateProperty(),
            chosen.errorProperty());
  }

  private String noteText() {
    return switch (list.stateProperty().get()) {
      case FAILED -> list.errorProperty().get();
      case EMPTY -> noModels();
      case LOADING -> "";
      case READY ->
          chosen.stateProperty().get() == LoadState.FAILED ? chosen.errorProperty().get() : "";
    };
  }

  /** Where to put a model, when there is none. */
  private String noModels() {
    List<java.nio.file.Path> roots = session.library().roots();
    return "No model is installed. Put a model folder (with its model.json) into "
        + roots.getLast()
        + ".";
  }

  /** The installed models were listed. */
  void listed(int count) {
    list.loaded(count);
  }

  /** The installed models could not be listed. */
  void listFailed(Throwable problem) {
    list.failed(problem);
  }

  /** A model was chosen: it loads in the background unless the session holds it already. */
  void preload(ModelChoice choice) {
    requested = choice == null ? null : choice.id();
    if (choice == null) {
      return;
    }
    if (session.isLoaded(choice.id())) {
      chosen.loaded(1);
      return;
    }
    loading.set(true);
    lane.submit(
        () -> {
          try {
            session.load(choice.installed());
            lane.toScreen(() -> loaded(choice.id()));
          } catch (RuntimeException | Error e) {
            LOG.warn("Cannot load {}", choice.id(), e);
            lane.toScreen(() -> failed(choice.id(), e));
          }
        });
  }

  /** The model {@code id} is loaded (ahead, or by a run). */
  void loaded(String id) {
    if (id.equals(requested)) {
      loading.set(false);
      chosen.loaded(1);
    }
  }

  private void failed(String id, Throwable problem) {
    if (!id.equals(requested)) {
      return;
    }
    loading.set(false);
    if (!runWaiting.getAsBoolean()) { // else the waiting run reports it
      chosen.failed(problem);
    }
  }

  /** Where the list of installed models stands. */
  public ReadOnlyObjectProperty<LoadState> listStateProperty() {
    return list.stateProperty();
  }

  /** Where the chosen model stands: loading, ready, or failed with the reason. */
  public ReadOnlyObjectProperty<LoadState> chosenStateProperty() {
    return chosen.stateProperty();
  }

  /** True while the chosen model loads in the background. */
  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** The line under the model picker; empty when there is nothing to say. */
  public StringBinding noteProperty() {
    return note;
  }
}
