package dev.atelier.gui.batch;

import dev.atelier.batch.BatchFile;
import dev.atelier.batch.BatchItem;
import dev.atelier.batch.BatchService;
import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.Catalog;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.generate.GenerationSession;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch file run from the studio: every line generated through the core's {@link BatchService},
 * in the background, with how far it got (item n of N, its prompt, a bar over the whole batch) and
 * cancel. The pictures go into a folder of their own under the studio's batches folder and into the
 * catalog, as from {@code atelier batch}.
 *
 * <p>The core records every item as it finishes, so nothing done is lost when a run stops part way
 * (cancelled, the window closed, the process killed). Such a run is {@link State#STOPPED}: at start
 * the studio finds the newest one ({@link BatchRepository#unfinished()}) and offers it here; {@link
 * #resume()} goes on with it from its records, skipping what was done, and {@link #letGo()} closes
 * it so it is offered no more.
 *
 * <p>Used on the JavaFX thread; the batch runs on a long lane of its own. Generations of the
 * Generate screen and items of a batch take turns on the studio's one {@link GenerationSession}.
 */
public final class BatchModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchModel.class);

  /** Variants per line when the file does not say, as {@code atelier batch}. */
  static final int DEFAULT_VARIANTS = 1;

  /** Where the panel stands. */
  public enum State {
    /** Nothing to show. */
    NONE,
    /** Reading the file and loading the model. */
    STARTING,
    RUNNING,
    CANCELLING,
    /** A run stopped part way: it can be resumed or let go. */
    STOPPED,
    /** Every item was tried. */
    FINISHED,
    /** The batch could not start or broke off. */
    FAILED
  }

  /** The work of one run on the batch lane: a new file, or resuming. */
  private interface Work {
    BatchService.Summary run(BatchService.Listener listener, CancellationToken cancel);
  }

  private final GenerationSession session;
  private final Catalog catalog;
  private final Clock clock;
  private final Path batchesDir;
  private final BackgroundRunner runner;
  private final Lane lane;
  private final Notices notices;

  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.NONE);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
  private final ReadOnlyStringWrapper itemText = new ReadOnlyStringWrapper(this, "itemText", "");
  private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper(this, "prompt", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
  private final ReadOnlyObjectWrapper<RgbImage> lastPicture =
      new ReadOnlyObjectWrapper<>(this, "lastPicture");

  private final BooleanBinding busy =
      Bindings.createBooleanBinding(
          () ->
              state.get() == State.STARTING
                  || state.get() == State.RUNNING
                  || state.get() == State.CANCELLING,
          state);
  private final BatchCounts counts = new BatchCounts();

  /** The item being made, whose steps move the bar; -1 between items. */
  private int currentItem = -1;

  /** The run shown (running, stopped or ended); null before one opened. */
  private BatchRepository.Run run;

  /** The running batch's stop flag; null when none runs. */
  private AtomicBoolean cancelRequested;

  private boolean closed;

  /**
   * @param batchesDir where each batch file's pictures go, in a folder of its own
   */
  public BatchModel(
      GenerationSession session,
      Catalog catalog,
      Clock clock,
      Path batchesDir,
      BackgroundRunner runner,
      Notices notices) {
    this.session = Objects.requireNonNull(session);
    this.catalog = Objects.requireNonNull(catalog);
    this.clock = Objects.requireNonNull(clock);
    this.batchesDir = Objects.requireNonNull(batchesDir);
    this.runner = Objects.requireNonNull(runner);
    this.lane = runner.longLane("batch");
    this.notices = Objects.requireNonNull(notices);
  }

  // ---- commands ---------------------------------------------------------------------------

  /**
   * Runs a batch file with {@code model} (null: the panel says to choose one). Running a file again
   * with the same model goes on where its run stopped.
   */
  public void run(Path file, ModelLibrary.Installed model) {
    Objects.requireNonNull(file);
    if (busy()) {
      return;
    }
    if (model == null) {
      show(State.FAILED, file.getFileName().toString(), "Choose a model on the form first.");
      return;
    }
    run = null;
    counts.reset(0, 0);
    start(
        file.getFileName().toString(),
        (listener, cancel) -> {
          BatchFile batch;
          try {
            batch = BatchFile.read(file);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
          }
          List<BatchItem> items =
              BatchService.resolve(batch, session.load(model), DEFAULT_VARIANTS);
          return service().run(batch, items, model, outDir(batch), listener, cancel);
        });
  }

  /** Goes on with the stopped run: the items done are skipped, the rest are made. */
  public void resume() {
    if (state.get() != State.STOPPED || run == null) {
      return;
    }
    long id = run.id();
    String modelId = run.modelId();
    start(
        title.get(),
        (listener, cancel) -> service().resume(id, session.find(modelId), listener, cancel));
  }

  /** Stops the running batch after its current item's step; what was done stays done. */
  public void cancel() {
    if (cancelRequested != null && busy()) {
      cancelRequested.set(true);
      state.set(State.CANCELLING);
      message.set("Cancelling…");
    }
  }

  /** The stopped run is not to be resumed: it is closed and offered no more. */
  public void letGo() {
    if (state.get() != State.STOPPED || run == null) {
      return;
    }
    long id = run.id();
    runner.run(
        () -> {
          catalog.batches().close(id, clock.instant());
          return id;
        },
        closedId -> dismiss(),
        error -> notices.error("Could not let the batch go", error));
  }

  /** Hides a finished or failed batch; another stopped run, if any, is offered next. */
  public void dismiss() {
    if (busy()) {
      return;
    }
    run = null;
    show(State.NONE, "", "");
    offerUnfinished();
  }

  /** Offers the newest run stopped part way, if there is one and nothing else is shown. */
  public void offerUnfinished() {
    runner.run(
        () -> catalog.batches().unfinished(),
        runs -> {
          if (state.get() == State.NONE && !runs.isEmpty() && !closed) {
            offer(runs.getFirst());
          }
        },
        error -> LOG.warn("Cannot list unfinished batches", error));
  }

  private void offer(BatchRepository.Run stopped) {
    run = stopped;
    counts.reset(stopped.total(), stopped.done());
    progress.set(counts.fraction(0));
    itemText.set(BatchCounts.doneText(stopped.done(), stopped.total()));
    prompt.set("");
    show(
        State.STOPPED,
        fileName(stopped.sourcePath()),
        "Stopped part way. Resume makes the other "
            + stopped.left()
            + ", with "
            + stopped.modelId()
            + ".");
  }

  /**
   * Stops a running batch and waits a moment for it; the run stays open, to be offered at the next
   * start.
   */
  @Override
  public void close() {
    closed = true;
    if (cancelRequested != null) {
      cancelRequested.set(true);
    }
    lane.close();
  }

  // ---- running ----------------------------------------------------------------------------

  private BatchService service() {
    return new BatchService(session, catalog, clock);
  }

  /** A folder of its own for each batch file's content. */
  private Path outDir(BatchFile batch) {
    String name = batch.path().getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return batchesDir.resolve(stem + "-" + batch.sha256().substring(0, 8));
  }

  private boolean busy() {
    return busy.get();
  }

  private void start(String name, Work work) {
    lastPicture.set(null);
    AtomicBoolean cancel = new AtomicBoolean();
    cancelRequested = cancel;
    prompt.set("");
    itemText.set("");
    progress.set(-1);
    show(State.STARTING, name, "Reading the batch and loading the model…");
    BatchRelay relay = new BatchRelay(lane, () -> cancelRequested == cancel && !closed, this);
    lane.submit(
        () -> {
          try {
            BatchService.Summary summary = work.run(relay, cancel::get);
            lane.toScreen(() -> finished(cancel, summary));
          } catch (CancellationException e) {
            lane.toScreen(() -> stopped(cancel));
          } catch (RuntimeException | Error e) {
            LOG.warn("Batch failed", e);
            lane.toScreen(() -> failed(cancel, e));
          }
        });
  }

  // ---- what the relay shows, on the JavaFX thread ----------------------------------------

  void opened(BatchRepository.Run opened) {
    run = opened;
    counts.reset(opened.total(), 0);
    title.set(fileName(opened.sourcePath()));
    state.set(State.RUNNING);
    message.set(
        opened.done() == 0
            ? ""
            : opened.done() + " done before; the other " + opened.left() + " are made now.");
    progress.set(counts.fraction(0));
  }

  void itemStarted(int index, String itemPrompt) {
    currentItem = index;
    itemText.set("Item " + (index + 1) + " of " + counts.total());
    prompt.set(itemPrompt);
    progress.set(counts.fraction(0));
  }

  void stepped(BatchRelay.Step step) {
    if (step.index() == currentItem) {
      progress.set(counts.fraction(step.fraction()));
    }
  }

  void itemEnded(boolean made, boolean skipped, String error, RgbImage picture) {
    currentItem = -1;
    if (picture != null) {
      lastPicture.set(picture);
    }
    counts.ended(made, skipped);
    progress.set(counts.fraction(0));
    if (error != null) {
      message.set(counts.failed() + " failed so far; the last: " + error);
    }
  }

  private void finished(AtomicBoolean cancel, BatchService.Summary summary) {
    if (!ended(cancel)) {
      return;
    }
    progress.set(1);
    prompt.set("");
    itemText.set(BatchCounts.doneText(summary.total() - summary.failed(), summary.total()));
    String text = BatchCounts.summaryText(summary);
    show(State.FINISHED, title.get(), text);
    notices.info("Batch " + title.get() + " finished", text);
  }

  private void stopped(AtomicBoolean cancel) {
    if (!ended(cancel) || run == null) {
      show(State.NONE, "", "");
      return;
    }
    BatchRepository.Run now =
        new BatchRepository.Run(
            run.id(),
            run.sourceSha256(),
            run.sourcePath(),
            run.outDir(),
            run.modelId(),
            run.createdAt(),
            null,
            counts.total(),
            counts.done(),
            counts.failed());
    offer(now);
    message.set(
        "Cancelled after "
            + now.done()
            + " of "
            + now.total()
            + ". Resume makes the other "
            + now.left()
            + ".");
  }

  private void failed(AtomicBoolean cancel, Throwable error) {
    if (!ended(cancel)) {
      return;
    }
    prompt.set("");
    show(State.FAILED, title.get(), Notices.message(error));
  }

  /** The run ended; false when it is no longer the one shown (or the studio closes). */
  private boolean ended(AtomicBoolean cancel) {
    if (cancelRequested != cancel || closed) {
      return false;
    }
    cancelRequested = null;
    return true;
  }

  private void show(State s, String name, String text) {
    title.set(name);
    message.set(text);
    state.set(s);
  }

  private static String fileName(String path) {
    Path p = Path.of(path).getFileName();
    return p == null ? path : p.toString();
  }

  // ---- properties -----------------------------------------------------------------------

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** True while a batch starts, runs or is being cancelled. */
  public BooleanBinding busyProperty() {
    return busy;
  }

  /** The batch file's name. */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** "Item 3 of 10" while running; "2 of 4 done" when stopped or finished. */
  public ReadOnlyStringProperty itemTextProperty() {
    return itemText.getReadOnlyProperty();
  }

  /** The prompt of the item being made. */
  public ReadOnlyStringProperty promptProperty() {
    return prompt.getReadOnlyProperty();
  }

  /** What happened, in plain words: how it ended, why it stopped or failed. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The first variant of the item made last in this run; null before one was made. */
  public ReadOnlyObjectProperty<RgbImage> lastPictureProperty() {
    return lastPicture.getReadOnlyProperty();
  }

  /** 0 to 1 over the whole batch, or -1 while it starts. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** The run shown, for tests: null before one opened. */
  BatchRepository.Run run() {
    return run;
  }
}
