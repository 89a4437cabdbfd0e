package dev.atelier.gui.generate;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.GenerationSession;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.LatestOnScreen;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.LoadStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the Generate screen's models stand, said the studio's one way ({@link LoadStatus}): the
 * list of installed models, read when the screen opens, and the chosen model, loaded ahead on the
 * generation lane so that the first run starts at once (the studio's {@link GenerationSession}
 * keeps it). {@link #noteProperty()} is the line under the model picker: why the models could not
 * be read, that none is installed and where to put one, or why the chosen model could not be read.
 *
 * <p>Loading an imported checkpoint takes seconds per gigabyte (its file is checked against its
 * hash, then its weights are read), so every load, ahead or for a run, reports its {@link
 * #progressProperty() progress} and can be cancelled; choosing another model cancels the load of
 * the one chosen before. Used on the JavaFX thread.
 */
public final class ModelLoading {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoading.class);

  private final GenerationSession session;
  private final Lane lane;
  private final BooleanSupplier runWaiting;
  private final LoadStatus list = new LoadStatus("the models");
  private final LoadStatus chosen = new LoadStatus("the chosen model");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
  private final ReadOnlyObjectWrapper<LoadProgress> progress =
      new ReadOnlyObjectWrapper<>(this, "progress");
  private final StringBinding note;

  /** The model asked for last; a load that ends for another one is not shown. */
  private String requested;

  /** The stop flag of the load ahead under way; null when none runs. */
  private AtomicBoolean aheadCancel;

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
    List<Path> roots = session.library().roots();
    return "No model is installed. Use Add model… to add a Stable Diffusion checkpoint, or put a"
        + " model folder (with its model.json) into "
        + roots.getLast()
        + ".";
  }

  /** Why no model is chosen, for the problem line when Generate is pressed without one. */
  String whyNoChoice(boolean anyInstalled) {
    if (list.stateProperty().get() == LoadState.FAILED) {
      return "The models could not be read, so nothing can be generated yet.";
    }
    return anyInstalled
        ? "Pick a model first."
        : "No model is installed, so nothing can be generated yet: add one with Add model…";
  }

  /** The installed models were listed. */
  void listed(int count) {
    list.loaded(count);
  }

  /** The installed models could not be listed. */
  void listFailed(Throwable problem) {
    list.failed(problem);
  }

  /**
   * A model was chosen: it loads in the background unless the session holds it already. A load
   * ahead of the model chosen before is cancelled.
   */
  void preload(ModelChoice choice) {
    requested = choice == null ? null : choice.id();
    cancelAhead();
    if (choice == null) {
      return;
    }
    if (session.isLoaded(choice.id())) {
      chosen.loaded(1);
      return;
    }
    chosen.reset();
    loading.set(true);
    progress.set(LoadProgress.starting(choice.id()));
    AtomicBoolean cancel = new AtomicBoolean();
    aheadCancel = cancel;
    lane.submit(
        () -> {
          try {
            load(choice.installed(), cancel);
            lane.toScreen(() -> loaded(choice.id()));
          } catch (CancellationException e) {
            lane.toScreen(() -> aheadCancelled(choice.id(), cancel));
          } catch (RuntimeException | Error e) {
            LOG.warn("Cannot load {}", choice.id(), e);
            lane.toScreen(() -> failed(choice.id(), e));
          }
        });
  }

  /**
   * Loads {@code installed} into the session, showing its progress; on the generation lane.
   *
   * @throws CancellationException when {@code cancel} was set before or during the load
   */
  DiffusionModel load(ModelLibrary.Installed installed, AtomicBoolean cancel) {
    if (cancel.get()) {
      throw new CancellationException("Cancelled");
    }
    if (session.isLoaded(installed.id())) {
      return session.load(installed);
    }
    LatestOnScreen<LoadProgress> relay =
        new LatestOnScreen<>(lane::toScreen, p -> showProgress(installed.id(), p));
    relay.post(LoadProgress.starting(installed.id()));
    return session.load(
        installed,
        (phase, done, total) -> relay.post(LoadProgress.of(phase, done, total)),
        cancel::get);
  }

  private void showProgress(String id, LoadProgress p) {
    if (id.equals(requested) && !session.isLoaded(id)) {
      progress.set(p);
    }
  }

  /** Stops the load ahead, if one runs; the model is loaded again when a run needs it. */
  boolean cancelAhead() {
    if (aheadCancel == null) {
      return false;
    }
    aheadCancel.set(true);
    aheadCancel = null;
    loading.set(false);
    progress.set(null);
    return true;
  }

  private void aheadCancelled(String id, AtomicBoolean cancel) {
    if (aheadCancel == cancel) {
      aheadCancel = null;
    }
    if (id.equals(requested) && !session.isLoaded(id)) {
      loading.set(false);
      if (aheadCancel == null) {
        progress.set(null);
      }
      chosen.reset();
    }
  }

  /** A run ended: the progress of its load is no longer shown, unless a load ahead runs. */
  void runEnded() {
    if (aheadCancel == null) {
      progress.set(null);
    }
  }

  /** The model {@code id} is loaded (ahead, or by a run). */
  void loaded(String id) {
    if (id.equals(requested)) {
      aheadCancel = null;
      loading.set(false);
      progress.set(null);
      chosen.loaded(1);
    }
  }

  private void failed(String id, Throwable problem) {
    if (!id.equals(requested)) {
      return;
    }
    aheadCancel = null;
    loading.set(false);
    progress.set(null);
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

  /** True while the chosen model loads ahead, in the background. */
  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** How far the chosen model's load has got (ahead or for a run); null when none is under way. */
  public ReadOnlyObjectProperty<LoadProgress> progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** The line under the model picker; empty when there is nothing to say. */
  public StringBinding noteProperty() {
    return note;
  }
}
