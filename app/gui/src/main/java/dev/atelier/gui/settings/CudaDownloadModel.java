package dev.atelier.gui.settings;

import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.ByteSizes;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.TaskHandle;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second way to a CUDA engine: DJL's CUDA libraries, downloaded once. Nothing is downloaded
 * unless the artist ticked the consent box first; a download runs on a lane of its own, with its
 * progress, and can be cancelled. Used on the JavaFX thread.
 */
public final class CudaDownloadModel {

  private static final String CANCELLED = "Download cancelled; nothing from it is used.";

  private static final Logger LOG = LoggerFactory.getLogger(CudaDownloadModel.class);

  private final CudaLibraries cuda;
  private final BackgroundRunner runner;
  private final Consumer<Path> onDownloaded;
  private Lane lane;
  private TaskHandle running;
  private AtomicBoolean stop = new AtomicBoolean();
  private boolean measured;
  private final BooleanProperty consent = new SimpleBooleanProperty(this, "consent", false);
  private final ReadOnlyStringWrapper size =
      new ReadOnlyStringWrapper(this, "size", "size not known yet");
  private final ReadOnlyObjectWrapper<Optional<Path>> folder =
      new ReadOnlyObjectWrapper<>(this, "folder", Optional.empty());
  private final ReadOnlyBooleanWrapper downloading =
      new ReadOnlyBooleanWrapper(this, "downloading", false);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

  /**
   * @param onDownloaded hears the folder of each download that finished
   */
  CudaDownloadModel(CudaLibraries cuda, BackgroundRunner runner, Consumer<Path> onDownloaded) {
    this.cuda = cuda;
    this.runner = runner;
    this.onDownloaded = onDownloaded;
  }

  /** Reads whether the libraries are here already (on this computer; nothing goes online). */
  void refresh() {
    runner.run(
        cuda::installed,
        found -> {
          if (!downloading.get()) {
            folder.set(found);
            status.set(found.map(f -> "Downloaded, in " + f).orElse(""));
          }
        },
        failure -> problem.set(Notices.message(failure)));
  }

  /**
   * Asks how big the download is. That reads the servers' list of files, so it runs only once the
   * artist chose this route, and once per Settings visit.
   */
  void measure() {
    if (measured) {
      return;
    }
    measured = true;
    size.set("finding the size…");
    runner.run(
        cuda::downloadBytes,
        bytes -> size.set("about " + ByteSizes.of(bytes)),
        failure -> {
          LOG.info("The CUDA libraries' size is not known: {}", Notices.message(failure));
          measured = false;
          size.set("size not known yet");
        });
  }

  /** Whether the artist agreed to the download; nothing is downloaded without it. */
  public BooleanProperty consentProperty() {
    return consent;
  }

  /** How big the download is, in words: "about 2.61 GB". */
  public ReadOnlyStringProperty sizeProperty() {
    return size.getReadOnlyProperty();
  }

  /** The folder with the downloaded libraries, once they are here. */
  public ReadOnlyObjectProperty<Optional<Path>> folderProperty() {
    return folder.getReadOnlyProperty();
  }

  /** Starts the download; refused, with a message, without consent. */
  public void download() {
    if (downloading.get()) {
      return;
    }
    if (!consent.get()) {
      problem.set("Tick the box first: nothing is downloaded without your agreement.");
      return;
    }
    if (lane == null) {
      lane = runner.longLane("cuda-download");
    }
    AtomicBoolean stopped = new AtomicBoolean();
    stop = stopped;
    problem.set("");
    progress.set(0);
    status.set("Starting the download…");
    downloading.set(true);
    running =
        lane.start(
            context ->
                cuda.download(
                    (done, total) -> context.toScreen(() -> shown(stopped, done, total)),
                    () -> stopped.get() || context.cancelled()),
            done -> {
              running = null;
              downloading.set(false);
              progress.set(1);
              folder.set(Optional.of(done));
              status.set("Downloaded, in " + done);
              onDownloaded.accept(done);
            },
            failure -> {
              running = null;
              downloading.set(false);
              progress.set(0);
              if (stopped.get() || failure instanceof CancellationException) {
                status.set(CANCELLED);
              } else {
                status.set("");
                problem.set("The download failed: " + Notices.message(failure));
              }
            });
  }

  private void shown(AtomicBoolean stopped, long done, long total) {
    if (stopped.get()) {
      return;
    }
    progress.set(total > 0 ? Math.min(1, (double) done / total) : -1);
    status.set(
        "Downloading: "
            + ByteSizes.of(done)
            + (total > 0 ? " of " + ByteSizes.of(total) : "")
            + ", from DJL's servers");
  }

  /** Stops the download under way; what it left half done is not used. */
  public void cancel() {
    if (!downloading.get()) {
      return;
    }
    stop.set(true);
    TaskHandle task = running;
    if (task != null) {
      task.cancel();
    }
    running = null;
    downloading.set(false);
    progress.set(0);
    status.set(CANCELLED);
  }

  public ReadOnlyBooleanProperty downloadingProperty() {
    return downloading.getReadOnlyProperty();
  }

  /** From 0 to 1 while downloading; -1 when the size is not known. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** Where the download stands, in words; empty when there is nothing to say. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Why the download was refused or failed; empty when nothing is wrong. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }
}
