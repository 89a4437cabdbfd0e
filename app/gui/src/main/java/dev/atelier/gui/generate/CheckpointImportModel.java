package dev.atelier.gui.generate;

import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.gui.common.ByteSizes;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.LatestOnScreen;
import dev.atelier.gui.common.Notices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Add model…": makes a Stable Diffusion checkpoint the artist has (a {@code .safetensors} file or
 * a diffusers folder) an installed model, through {@link CheckpointImport}. The steps: the artist
 * chooses the file or folder; it is inspected (headers only) and what was found is said ("Stable
 * Diffusion 1.x, single file · 2.1 GB"); the artist may name it and state its license; the import
 * hashes the files with progress and may be cancelled; at the end the short hash (the form model
 * sites show) and the full SHA-256 are shown, and the new model is handed to {@code onImported}
 * (the Generate screen selects it).
 *
 * <p>A checkpoint Atelier cannot run (a pickle file, SDXL, a corrupt file) is refused at the
 * inspection with the core's words in {@link #problemProperty()}; nothing is written then, nor when
 * the import is cancelled: the model folder appears in one move at the end. The checkpoint itself
 * is never copied or changed.
 *
 * <p>Used on the JavaFX thread; inspecting and importing run on the lane given, one at a time.
 */
public final class CheckpointImportModel implements AutoCloseable {

  /** Where the flow stands. */
  public enum Step {
    /** Nothing chosen yet, or the last choice was refused. */
    CHOOSE,
    /** Reading the chosen file's or folder's headers. */
    INSPECTING,
    /** Inspected: name and license may be set, then imported. */
    READY,
    /** Hashing the files. */
    IMPORTING,
    /** Cancel was asked; the hashing stops within a megabyte. */
    CANCELLING,
    /** Imported: the hashes are shown. */
    DONE
  }

  /** What an inspection found, and the size of the files the import will hash. */
  private record Found(DetectedCheckpoint detected, long bytes) {}

  /** Bytes hashed so far. */
  private record Hashed(long done, long total) {}

  private final Path userModels;
  private final Lane lane;
  private final Notices notices;
  private final Consumer<ModelLibrary.Installed> onImported;

  private final ReadOnlyObjectWrapper<Step> step =
      new ReadOnlyObjectWrapper<>(this, "step", Step.CHOOSE);
  private final ReadOnlyObjectWrapper<Path> source = new ReadOnlyObjectWrapper<>(this, "source");
  private final ReadOnlyStringWrapper found = new ReadOnlyStringWrapper(this, "found", "");
  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final StringProperty license = new SimpleStringProperty(this, "license", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
  private final ReadOnlyStringWrapper progressText =
      new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
  private final ReadOnlyObjectWrapper<CheckpointImport.Imported> imported =
      new ReadOnlyObjectWrapper<>(this, "imported");
  private final BooleanBinding busy;

  /** The running import's stop flag; null when none runs. */
  private AtomicBoolean cancel;

  /** Counts inspections, so that only the last one's answer is shown. */
  private long inspections;

  /**
   * @param userModels the folder imported models are registered in ({@code <data>/models})
   * @param lane where inspecting and hashing run: a long lane, hashing takes seconds per gigabyte
   * @param onImported receives the new model, on the screen thread
   */
  CheckpointImportModel(
      Path userModels, Lane lane, Notices notices, Consumer<ModelLibrary.Installed> onImported) {
    this.userModels = Objects.requireNonNull(userModels);
    this.lane = Objects.requireNonNull(lane);
    this.notices = Objects.requireNonNull(notices);
    this.onImported = Objects.requireNonNull(onImported);
    busy =
        step.isEqualTo(Step.INSPECTING)
            .or(step.isEqualTo(Step.IMPORTING))
            .or(step.isEqualTo(Step.CANCELLING));
  }

  // ---- choosing -------------------------------------------------------------------------

  /**
   * The artist chose {@code file} (a {@code .safetensors} file) or a diffusers folder: inspects it
   * and says what it is, or why Atelier cannot use it. Ignored while an import runs.
   */
  public void choose(Path chosen) {
    if (chosen == null || busy.get()) {
      return;
    }
    Path path = chosen.toAbsolutePath().normalize();
    long ticket = ++inspections;
    source.set(path);
    found.set("");
    problem.set("");
    note.set("");
    imported.set(null);
    name.set(suggestedName(path));
    step.set(Step.INSPECTING);
    lane.run(
        () -> inspect(path),
        result -> inspected(ticket, result),
        failure -> refused(ticket, failure));
  }

  /** Off the screen thread: headers only, and the size of the files the import reads. */
  private static Found inspect(Path path) throws IOException {
    DetectedCheckpoint detected = CheckpointImport.inspect(path);
    long bytes = 0;
    for (Path f : Checkpoints.files(detected)) {
      bytes += Files.size(f);
    }
    return new Found(detected, bytes);
  }

  private void inspected(long ticket, Found result) {
    if (ticket != inspections) {
      return;
    }
    found.set(result.detected().description() + " · " + ByteSizes.of(result.bytes()));
    step.set(Step.READY);
  }

  private void refused(long ticket, Throwable failure) {
    if (ticket != inspections) {
      return;
    }
    source.set(null);
    problem.set(refusal(failure));
    step.set(Step.CHOOSE);
  }

  /** The core's words for a checkpoint it refuses; for other failures, what could not be read. */
  private static String refusal(Throwable failure) {
    if (failure instanceof ModelIntegrityException) {
      return Notices.message(failure);
    }
    return "Could not read the checkpoint: " + Notices.message(failure);
  }

  /** A name from the file or folder: "Dream Shaper v8.safetensors" gives "Dream Shaper v8". */
  static String suggestedName(Path path) {
    Path file = path.getFileName();
    String n = file == null ? "" : file.toString();
    if (n.toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
      n = n.substring(0, n.length() - ".safetensors".length());
    }
    return n.strip();
  }

  // ---- importing ------------------------------------------------------------------------

  /** Imports the inspected checkpoint with the name and license given; only when ready. */
  public void importNow() {
    if (step.get() != Step.READY) {
      return;
    }
    Path from = source.get();
    String chosenName = blankToNull(name.get());
    String stated = blankToNull(license.get());
    AtomicBoolean stop = new AtomicBoolean();
    cancel = stop;
    problem.set("");
    note.set("");
    progress.set(0);
    progressText.set("Checking the file…");
    step.set(Step.IMPORTING);
    lane.start(
        context -> {
          LatestOnScreen<Hashed> relay =
              new LatestOnScreen<>(context::toScreen, h -> hashed(stop, h));
          return CheckpointImport.run(
              from,
              userModels,
              chosenName,
              stated,
              (done, total) -> relay.post(new Hashed(done, total)),
              stop::get);
        },
        result -> finished(stop, result),
        failure -> failed(stop, failure));
  }

  private void hashed(AtomicBoolean stop, Hashed h) {
    if (cancel != stop || step.get() != Step.IMPORTING) {
      return;
    }
    double fraction = h.total() <= 0 ? 1 : Math.min(1, h.done() / (double) h.total());
    progress.set(fraction);
    progressText.set(
        "Checking the file: "
            + ByteSizes.of(h.done())
            + " of "
            + ByteSizes.of(h.total())
            + " · "
            + (int) Math.floor(fraction * 100)
            + " %");
  }

  private void finished(AtomicBoolean stop, CheckpointImport.Imported result) {
    if (cancel == stop) {
      cancel = null;
    }
    progress.set(1);
    progressText.set("");
    imported.set(result);
    step.set(Step.DONE);
    onImported.accept(result.model());
    notices.info(
        "Added model " + result.model().id(),
        result.detected().description() + " · short hash " + result.shortHash());
  }

  private void failed(AtomicBoolean stop, Throwable failure) {
    if (cancel == stop) {
      cancel = null;
    }
    progress.set(0);
    progressText.set("");
    step.set(Step.READY);
    if (failure instanceof CancellationException) {
      note.set("Import cancelled. Nothing was added; the file is untouched.");
      return;
    }
    problem.set("Could not add the model: " + Notices.message(failure));
    notices.error("Could not add the model", failure);
  }

  /** Stops a running import; nothing is added. */
  public void cancel() {
    if (step.get() == Step.IMPORTING && cancel != null) {
      cancel.set(true);
      progressText.set("Cancelling…");
      step.set(Step.CANCELLING);
    }
  }

  /** Back to the start, to choose another file or folder (not while an import runs). */
  public void chooseAgain() {
    if (busy.get()) {
      return;
    }
    inspections++;
    source.set(null);
    found.set("");
    problem.set("");
    note.set("");
    imported.set(null);
    name.set("");
    license.set("");
    step.set(Step.CHOOSE);
  }

  /** The dialog closed: a running import is cancelled (nothing is added). */
  @Override
  public void close() {
    cancel();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  // ---- properties -----------------------------------------------------------------------

  public ReadOnlyObjectProperty<Step> stepProperty() {
    return step.getReadOnlyProperty();
  }

  /** True while inspecting or importing: the choice cannot change then. */
  public BooleanBinding busyProperty() {
    return busy;
  }

  /** The chosen file or folder; null before a choice and after a refusal. */
  public ReadOnlyObjectProperty<Path> sourceProperty() {
    return source.getReadOnlyProperty();
  }

  /** What was found: "Stable Diffusion 1.x, single file · 2.1 GB"; empty before. */
  public ReadOnlyStringProperty foundProperty() {
    return found.getReadOnlyProperty();
  }

  /** The model's name; blank takes the file's. Made folder-safe by the import. */
  public StringProperty nameProperty() {
    return name;
  }

  /** The weights' license as the model's page states it; blank records "unknown". */
  public StringProperty licenseProperty() {
    return license;
  }

  /** Fraction of the files hashed, 0 to 1. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** "Checking the file: 1.2 GB of 2.1 GB · 57 %"; empty when not importing. */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  /** Why the choice was refused or the import failed, in words; empty when nothing is wrong. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** How the last import ended when it did not add a model (cancelled); empty otherwise. */
  public ReadOnlyStringProperty noteProperty() {
    return note.getReadOnlyProperty();
  }

  /** The imported model with its hashes; null until done. */
  public ReadOnlyObjectProperty<CheckpointImport.Imported> importedProperty() {
    return imported.getReadOnlyProperty();
  }
}
