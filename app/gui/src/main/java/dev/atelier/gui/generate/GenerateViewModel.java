package dev.atelier.gui.generate;

import dev.atelier.Studio;
import dev.atelier.catalog.Catalog;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.KeepService;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.shell.ScreenModel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Generate screen: runs the {@link GenerateFormModel form}'s request with live previews and
 * shows what it made in the {@link VariantsModel variants}. The model is loaded ahead, in the
 * background, when it is chosen, and kept by the studio's {@link GenerationSession} for the next
 * run.
 *
 * <p>It says what it could not read the studio's one way: the installed models and the chosen model
 * under the model picker ({@link ModelLoading#noteProperty()}), the earlier generations in the
 * variants' place ({@link VariantsModel#errorProperty()}); a refused request is the {@link
 * #problemProperty() problem} next to the form, and a failed generation is also a toast.
 *
 * <p>Generation goes through the same core path as {@code atelier generate}: the session records
 * the request before it runs, writes every variant as a PNG (into the variants folder) and a
 * catalog row with {@code kept = false}. The last generation's variants are shown again when the
 * studio opens, so closing the window loses nothing that was finished; a generation running at
 * close is cancelled and recorded as such.
 *
 * <p>Generate pressed while a generation runs puts the form's settings in the {@link
 * GenerationQueueModel queue}; each run that ends (finished, cancelled or failed) starts the next
 * waiting one. The running and waiting generations are kept in the queue file, so those of a window
 * closed mid-run come back, paused, at the next start.
 *
 * <p>Used on the JavaFX thread; the work runs on a long lane of the {@link BackgroundRunner}
 * (model, generation) and on its shared lane (lists, keeping).
 */
public final class GenerateViewModel implements ScreenModel, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GenerateViewModel.class);
  private static final long SEED_BOUND = 1L << 48;

  /** What the screen is doing. */
  public enum Phase {
    IDLE,
    LOADING_MODEL,
    GENERATING,
    CANCELLING
  }

  private final GenerationSession session;
  private final PastGenerations past;
  private final Clock clock;
  private final EngineStatusModel engine;
  private final BackgroundRunner runner;

  /** The generation's own long lane: model loading and generations, in order. */
  private final Lane thread;

  private final Notices notices;
  private final GenerateFormModel form;
  private final VariantsModel results;
  private final GenerationQueueModel queue;

  private final ReadOnlyObjectWrapper<Phase> phase =
      new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
  private final RunTimer timer;
  private final ModelLoading models;
  private final ModelAdding adding;
  private final Callable<List<ModelLibrary.Installed>> installedModels;
  private final BooleanBinding running = phase.isNotEqualTo(Phase.IDLE);

  /** The current run's stop flag; null when none runs. */
  private AtomicBoolean cancelRequested;

  private boolean activated;
  private boolean closed;

  /**
   * @param session loads models (once) and generates
   * @param installedModels lists the installed models (the session's library, in the studio)
   * @param keeping keeps variants
   * @param queueFile where the queue is kept between sessions
   * @param randomSeeds new seeds for "randomise" and unlocked runs
   */
  GenerateViewModel(
      GenerationSession session,
      Callable<List<ModelLibrary.Installed>> installedModels,
      KeepService keeping,
      Catalog catalog,
      Clock clock,
      EngineStatusModel engine,
      BackgroundRunner runner,
      AssetSelection selection,
      Notices notices,
      Path queueFile,
      LongSupplier randomSeeds) {
    this.session = Objects.requireNonNull(session);
    this.installedModels = Objects.requireNonNull(installedModels);
    this.past = new PastGenerations(Objects.requireNonNull(catalog));
    this.clock = Objects.requireNonNull(clock);
    this.timer = new RunTimer(clock);
    this.engine = Objects.requireNonNull(engine);
    this.runner = Objects.requireNonNull(runner);
    this.thread = runner.longLane("generate");
    this.notices = Objects.requireNonNull(notices);
    this.form = new GenerateFormModel(session, randomSeeds, runner, problem::set);
    this.results = new VariantsModel(keeping, runner, selection, notices);
    this.queue = new GenerationQueueModel(runner.longLane("queue"), queueFile, notices);
    this.models = new ModelLoading(session, thread, () -> cancelRequested != null);
    this.adding =
        new ModelAdding(
            session.library().roots().getLast(), runner, installedModels, form, models, notices);
    form.modelProperty().addListener((obs, old, now) -> models.preload(now));
    models.progressProperty().addListener((obs, old, now) -> showLoad(now));
  }

  /** The studio's screen, on the studio's generation session, with its own long lane. */
  public static GenerateViewModel forStudio(
      Studio studio,
      EngineStatusModel engine,
      BackgroundRunner runner,
      AssetSelection selection,
      Notices notices) {
    SecureRandom random = new SecureRandom();
    return new GenerateViewModel(
        studio.generation(),
        studio.generation().library()::list,
        studio.keeping(),
        studio.catalog(),
        studio.clock(),
        engine,
        runner,
        selection,
        notices,
        studio.dirs().queueFile(),
        () -> random.nextLong(SEED_BOUND));
  }

  /** The prompt and settings. */
  public GenerateFormModel form() {
    return form;
  }

  /** The variants shown, and keeping them. */
  public VariantsModel results() {
    return results;
  }

  /** The generations waiting while one runs. */
  public GenerationQueueModel queue() {
    return queue;
  }

  // ---- loading --------------------------------------------------------------------------

  /**
   * Lists the installed models and the prompt history; the first time, also brings back the last
   * generation (its settings, and its variants not kept yet). The models and the earlier
   * generations are read apart, so that one failing leaves the other shown.
   */
  @Override
  public void activate() {
    boolean first = !activated;
    activated = true;
    runner.run(
        () -> OpeningRead.read(installedModels, past, first),
        this::show,
        error -> {
          models.listFailed(error);
          results.earlierFailed(error);
        });
  }

  private void show(OpeningRead read) {
    String shown = read.show(form, models, results, queue, cancelRequested == null, clock);
    if (shown != null) {
      status.set(shown);
    }
  }

  // ---- generating -----------------------------------------------------------------------

  /**
   * Generates with the form's settings (a new seed unless the seed is locked); while a generation
   * runs, the settings wait in the {@link #queue() queue} instead.
   */
  public void generate() {
    problem.set("");
    ModelChoice choice = form.modelProperty().get();
    if (!form.hasPrompt()) {
      problem.set("Describe what to make in the prompt first.");
      return;
    }
    if (choice == null) {
      problem.set(models.whyNoChoice(!form.models().isEmpty()));
      return;
    }
    GenerationRequest request;
    try {
      request = form.request();
      session.check(choice.installed(), request);
    } catch (IllegalArgumentException e) {
      problem.set(e.getMessage());
      return;
    }
    form.remember(request.prompt());
    Path startFile =
        request.start() == null ? null : form.startPicture().pictureProperty().get().file();
    if (phase.get() != Phase.IDLE) {
      queue.add(choice, request, startFile);
    } else {
      start(queue.entry(choice, request, startFile));
    }
  }

  /** Runs a paused queue: at once when nothing runs, otherwise after the running generation. */
  public void runQueue() {
    queue.resume();
    if (phase.get() == Phase.IDLE) {
      queue.next().ifPresent(this::start);
    }
  }

  private void start(QueuedGeneration entry) {
    GenerationRequest request = entry.request();
    ModelChoice choice = entry.model();
    queue.started(entry);
    List<VariantItem> items = new ArrayList<>();
    for (int i = 0; i < request.variants(); i++) {
      items.add(new VariantItem(i, request.variantSeed(i)));
    }
    results.show(items, false);
    progress.set(0);
    boolean needsLoad = !session.isLoaded(choice.id());
    phase.set(needsLoad ? Phase.LOADING_MODEL : Phase.GENERATING);
    if (needsLoad) {
      LoadProgress shown = models.progressProperty().get();
      showLoad(shown != null ? shown : LoadProgress.starting(choice.id()));
    } else {
      status.set("Starting…");
    }
    AtomicBoolean cancel = new AtomicBoolean();
    cancelRequested = cancel;
    thread.submit(() -> run(choice.installed(), request, items, cancel));
  }

  /** On the generation thread. */
  private void run(
      ModelLibrary.Installed installed,
      GenerationRequest request,
      List<VariantItem> items,
      AtomicBoolean cancel) {
    try {
      models.load(installed, cancel);
      long started = clock.millis();
      thread.toScreen(() -> loaded(installed.id(), started, cancel));
      ProgressRelay relay =
          new ProgressRelay(thread, clock, started, u -> showProgress(items, cancel, u));
      GenerationService.Outcome outcome =
          session.generate(installed, request, results.variantsDir(), relay, cancel::get);
      thread.toScreen(() -> finished(items, outcome, cancel));
    } catch (CancellationException e) {
      thread.toScreen(() -> cancelled(items, cancel));
    } catch (RuntimeException | Error e) {
      LOG.warn("Generation failed", e);
      thread.toScreen(() -> failed(items, e, cancel));
    }
  }

  /** While a run waits for its model: how far loading has got, in the status and the bar. */
  private void showLoad(LoadProgress p) {
    if (p != null && phase.get() == Phase.LOADING_MODEL) {
      status.set(p.text());
      progress.set(p.fraction());
    }
  }

  private void loaded(String modelId, long started, AtomicBoolean cancel) {
    models.loaded(modelId);
    if (cancelRequested != cancel) {
      return;
    }
    timer.started(started);
    if (phase.get() == Phase.LOADING_MODEL) {
      phase.set(Phase.GENERATING);
      progress.set(0);
    }
    if (phase.get() == Phase.GENERATING) {
      status.set(timer.text());
    }
  }

  private void showProgress(List<VariantItem> items, AtomicBoolean cancel, ProgressRelay.Update u) {
    if (cancelRequested != cancel || phase.get() != Phase.GENERATING) {
      return;
    }
    progress.set(u.fraction());
    VariantsModel.stepped(items, u);
    timer.stepped(u);
    status.set(u.text());
  }

  /** Counts a run's seconds on in the status between steps (the screen calls it each second). */
  public void tick() {
    if (phase.get() == Phase.GENERATING && timer.running()) {
      status.set(timer.text());
    }
  }

  private void finished(
      List<VariantItem> items, GenerationService.Outcome outcome, AtomicBoolean cancel) {
    VariantsModel.finished(items, outcome);
    form.loras().ran(outcome.loras());
    end(cancel);
    progress.set(1);
    status.set(ProgressRelay.doneText(items.size(), outcome.result()));
    if (startNext()) {
      notices.info(
          "Made "
              + items.size()
              + (items.size() == 1 ? " variant" : " variants")
              + " from the queue",
          "They are in the catalog; the next generation in the queue runs now.");
    }
  }

  private void cancelled(List<VariantItem> items, AtomicBoolean cancel) {
    results.discard(items);
    end(cancel);
    progress.set(0);
    status.set("Cancelled. Nothing was saved; your settings are as they were.");
    startNext();
  }

  private void failed(List<VariantItem> items, Throwable error, AtomicBoolean cancel) {
    results.discard(items);
    end(cancel);
    progress.set(0);
    status.set("");
    problem.set("Could not generate: " + Notices.message(error));
    notices.error("Generation failed", error);
    startNext();
  }

  private void end(AtomicBoolean cancel) {
    if (cancelRequested == cancel) {
      cancelRequested = null;
    }
    timer.stopped();
    models.runEnded();
    phase.set(Phase.IDLE);
    queue.ended(); // after close, the queue file keeps it
  }

  /**
   * After a run the next waiting one starts, unless the queue is paused or empty; whether it did.
   */
  private boolean startNext() {
    Optional<QueuedGeneration> next =
        closed || phase.get() != Phase.IDLE ? Optional.empty() : queue.next();
    next.ifPresent(this::start);
    return next.isPresent();
  }

  /**
   * Stops the running generation at the next step (nothing of it is saved), or the model's load,
   * whether a run waits for it or it loads ahead; the model then loads when a run needs it.
   */
  public void cancel() {
    boolean ahead = models.cancelAhead();
    if (cancelRequested != null
        && (phase.get() == Phase.GENERATING || phase.get() == Phase.LOADING_MODEL)) {
      cancelRequested.set(true);
      phase.set(Phase.CANCELLING);
      status.set("Cancelling…");
    } else if (ahead) {
      status.set("Stopped loading the model; it loads when you generate.");
    }
  }

  /** A new "Add model…" flow; when it adds a model, the picker lists and chooses it. */
  public CheckpointImportModel addModel() {
    return adding.start();
  }

  /** A new random seed, same everything else, and generate. */
  public void reroll() {
    form.randomizeSeed();
    boolean locked = form.seedLockedProperty().get();
    form.seedLockedProperty().set(true);
    try {
      generate();
    } finally {
      form.seedLockedProperty().set(locked);
    }
  }

  /** Generates again from this variant's seed (variant 1 of the new run is the same picture). */
  public void rerun(VariantItem item) {
    form.seedProperty().set(item.seed());
    form.seedLockedProperty().set(true);
    generate();
  }

  /**
   * Keeps the queue (the running generation first) for the next start, then cancels the running
   * generation and waits for it to end. The model stays with the studio's session, which frees it
   * when the studio stops.
   */
  @Override
  public void close() {
    closed = true;
    queue.close(); // what runs and waits now stays in the queue file
    if (cancelRequested != null) {
      cancelRequested.set(true);
    }
    models.cancelAhead();
    adding.close();
    thread.close();
  }

  // ---- properties -----------------------------------------------------------------------

  public ReadOnlyObjectProperty<Phase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  /** True while a model loads or a generation runs. */
  public BooleanBinding runningProperty() {
    return running;
  }

  /** Progress, time and speed of the run, or how the last one ended. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** What is wrong, in plain words; empty when nothing is. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** 0 to 1 (of the steps, or of the model's load), or -1 while that is not known yet. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** True while the chosen model loads in the background (the form stays usable). */
  public ReadOnlyBooleanProperty modelLoadingProperty() {
    return models.loadingProperty();
  }

  /** Where the installed models and the chosen model stand, and the line under the picker. */
  public ModelLoading models() {
    return models;
  }

  /** The engine line, e.g. "PyTorch 2.7.1 on CPU": the device generation runs on. */
  public StringBinding engineText() {
    return engine.text();
  }

  public ReadOnlyObjectProperty<EngineStatus> engineStatusProperty() {
    return engine.statusProperty();
  }
}
