package dev.atelier.gui.generate;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.Pipeline;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.shell.ScreenModel;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Generate screen: the prompt and settings form, the model (loaded once, in the background, and
 * kept for the next run), generation with live previews on its own thread, and the variants it
 * made, which the artist compares, zooms, re-runs and keeps.
 *
 * <p>Generation goes through the same core path as {@code atelier generate}: {@link
 * GenerationService} records the request before it runs, writes every variant as a PNG (into the
 * variants folder) and a catalog row with {@code kept = false}. "Keep" moves the PNG into the
 * images folder and marks the row kept. The last generation's variants are shown again when the
 * studio opens, so closing the window loses nothing that was finished; a generation running at
 * close is cancelled and recorded as such.
 *
 * <p>Used on the JavaFX thread; the work runs on a long lane of the {@link BackgroundRunner}
 * (model, generation) and on its shared lane (lists, keeping).
 */
public final class GenerateViewModel implements ScreenModel, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GenerateViewModel.class);
  private static final int HISTORY_SIZE = 50;
  private static final long SEED_BOUND = 1L << 48;
  private static final int PREVIEWS_PER_RUN = 10;

  /** What the screen is doing. */
  public enum Phase {
    IDLE,
    LOADING_MODEL,
    GENERATING,
    CANCELLING
  }

  /** How the variants are shown. */
  public enum Layout {
    GRID,
    ZOOM,
    COMPARE
  }

  private final Catalog catalog;
  private final Clock clock;
  private final ModelLibrary library;
  private final Path variantsDir;
  private final Path imagesDir;
  private final EngineStatusModel engine;
  private final BackgroundRunner runner;

  /** The generation's own long lane: model loading and generations, in order. */
  private final Lane thread;

  private final AssetSelection selection;
  private final Notices notices;
  private final LongSupplier randomSeeds;

  private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
  private final StringProperty negativePrompt =
      new SimpleStringProperty(this, "negativePrompt", "");
  private final ObservableList<String> history = FXCollections.observableArrayList();
  private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
  private final ObjectProperty<ModelChoice> model = new SimpleObjectProperty<>(this, "model");
  private final ObjectProperty<SamplerKind> sampler =
      new SimpleObjectProperty<>(this, "sampler", SamplerKind.DPMPP_2M_KARRAS);
  private final ObjectProperty<Integer> steps = new SimpleObjectProperty<>(this, "steps", 20);
  private final ObjectProperty<Double> guidance = new SimpleObjectProperty<>(this, "guidance", 3.0);
  private final ObjectProperty<Integer> width = new SimpleObjectProperty<>(this, "width", 64);
  private final ObjectProperty<Integer> height = new SimpleObjectProperty<>(this, "height", 64);
  private final ObjectProperty<Long> seed = new SimpleObjectProperty<>(this, "seed", 0L);
  private final BooleanProperty seedLocked = new SimpleBooleanProperty(this, "seedLocked");
  private final ObjectProperty<Integer> variantCount =
      new SimpleObjectProperty<>(this, "variantCount", 4);

  private final ReadOnlyObjectWrapper<Phase> phase =
      new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
  private final ReadOnlyStringWrapper modelsText =
      new ReadOnlyStringWrapper(this, "modelsText", "Looking for models…");
  private final ObservableList<VariantItem> variants = FXCollections.observableArrayList();
  private final ObservableList<VariantItem> picked = FXCollections.observableArrayList();
  private final ObjectProperty<VariantItem> focused = new SimpleObjectProperty<>(this, "focused");
  private final ObjectProperty<Layout> layout =
      new SimpleObjectProperty<>(this, "layout", Layout.GRID);
  private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1);
  private final ObservableList<String> historyView =
      FXCollections.unmodifiableObservableList(history);
  private final ObservableList<ModelChoice> modelsView =
      FXCollections.unmodifiableObservableList(models);
  private final ObservableList<VariantItem> variantsView =
      FXCollections.unmodifiableObservableList(variants);
  private final ObservableList<VariantItem> pickedView =
      FXCollections.unmodifiableObservableList(picked);
  private final ReadOnlyBooleanWrapper restored = new ReadOnlyBooleanWrapper(this, "restored");
  private final ReadOnlyBooleanWrapper modelLoading =
      new ReadOnlyBooleanWrapper(this, "modelLoading");
  private final BooleanBinding running = phase.isNotEqualTo(Phase.IDLE);

  /** The current run's stop flag; null when none runs. */
  private AtomicBoolean cancelRequested;

  /** The loaded model, touched on the generation thread only. */
  private DiffusionModel loaded;

  private ModelLibrary.Installed loadedFrom;
  private volatile String loadedId;
  private boolean activated;

  /**
   * @param variantsDir where finished variants are written before they are kept
   * @param imagesDir where kept images go
   * @param randomSeeds new seeds for "randomise" and unlocked runs
   */
  public GenerateViewModel(
      Catalog catalog,
      Clock clock,
      ModelLibrary library,
      Path variantsDir,
      Path imagesDir,
      EngineStatusModel engine,
      BackgroundRunner runner,
      AssetSelection selection,
      Notices notices,
      LongSupplier randomSeeds) {
    this.catalog = Objects.requireNonNull(catalog);
    this.clock = Objects.requireNonNull(clock);
    this.library = Objects.requireNonNull(library);
    this.variantsDir = Objects.requireNonNull(variantsDir);
    this.imagesDir = Objects.requireNonNull(imagesDir);
    this.engine = Objects.requireNonNull(engine);
    this.runner = Objects.requireNonNull(runner);
    this.thread = runner.longLane("generate");
    this.selection = Objects.requireNonNull(selection);
    this.notices = Objects.requireNonNull(notices);
    this.randomSeeds = Objects.requireNonNull(randomSeeds);
    seed.set(randomSeeds.getAsLong());
    model.addListener((obs, old, now) -> modelChosen(now));
  }

  /**
   * The studio's screen: models from the bundled folder and {@code <data>/models}, variants in
   * {@code <data>/variants}, kept images in {@code <data>/images}, its own generation thread.
   */
  public static GenerateViewModel forStudio(
      Studio studio,
      EngineStatusModel engine,
      BackgroundRunner runner,
      AssetSelection selection,
      Notices notices) {
    Path data = studio.dirs().data();
    SecureRandom random = new SecureRandom();
    return new GenerateViewModel(
        studio.catalog(),
        studio.clock(),
        ModelLibrary.standard(data.resolve("models")),
        data.resolve("variants"),
        data.resolve("images"),
        engine,
        runner,
        selection,
        notices,
        () -> random.nextLong(SEED_BOUND));
  }

  // ---- loading --------------------------------------------------------------------------

  /**
   * Lists the installed models and the prompt history; the first time, also brings back the last
   * generation (its settings, and its variants not kept yet).
   */
  @Override
  public void activate() {
    boolean first = !activated;
    activated = true;
    runner.run(
        () -> new Loaded(library.list(), recentPrompts(), first ? lastSession() : null),
        this::show,
        error -> {
          modelsText.set("Could not list the models: " + Notices.message(error));
          problem.set(modelsText.get());
        });
  }

  private record Loaded(
      List<ModelLibrary.Installed> installed, List<String> prompts, Session session) {}

  /** The last generation that finished, with its unkept variants' pictures. */
  private record Session(Generation generation, List<Asset> assets, List<RgbImage> images) {}

  private List<String> recentPrompts() {
    Set<String> distinct = new LinkedHashSet<>();
    for (Generation g : catalog.generations().recent(HISTORY_SIZE * 4)) {
      if (!g.prompt().isBlank()) {
        distinct.add(g.prompt());
      }
      if (distinct.size() == HISTORY_SIZE) {
        break;
      }
    }
    return List.copyOf(distinct);
  }

  private Session lastSession() {
    Optional<Generation> last =
        catalog.generations().recent(1).stream()
            .filter(g -> g.status() == Generation.Status.DONE)
            .findFirst();
    if (last.isEmpty()) {
      return null;
    }
    List<Asset> assets = catalog.assets().ofGeneration(last.get().id());
    List<RgbImage> images = new ArrayList<>();
    List<Asset> shown = new ArrayList<>();
    for (Asset a : assets) {
      try {
        var read = a.filePath() == null ? null : ImageIO.read(Path.of(a.filePath()).toFile());
        if (read != null) {
          images.add(RgbImage.of(read));
          shown.add(a);
        }
      } catch (IOException e) {
        LOG.warn("Cannot read variant {}: {}", a.filePath(), e.getMessage());
      }
    }
    return new Session(last.get(), shown, images);
  }

  private void show(Loaded result) {
    ModelChoice chosen = model.get();
    List<ModelChoice> choices = result.installed().stream().map(ModelChoice::of).toList();
    models.setAll(choices);
    modelsText.set(describeModels(choices.size()));
    history.setAll(result.prompts());
    Session session = result.session();
    String wanted =
        session != null ? session.generation().modelId() : chosen != null ? chosen.id() : null;
    ModelChoice keep =
        chosen == null
            ? null
            : choices.stream().filter(c -> c.id().equals(chosen.id())).findFirst().orElse(null);
    if (keep == null) {
      model.set(
          choices.stream()
              .filter(c -> c.id().equals(wanted))
              .findFirst()
              .orElse(choices.isEmpty() ? null : choices.getFirst()));
    }
    if (choices.isEmpty()) {
      problem.set(
          "No model is installed. Put a model folder (with its model.json) into "
              + library.roots().getLast()
              + ".");
    } else if (problem.get().startsWith("No model is installed")) {
      problem.set("");
    }
    if (session != null && variants.isEmpty() && cancelRequested == null) {
      restore(session);
    }
  }

  private void restore(Session session) {
    Generation g = session.generation();
    prompt.set(g.prompt());
    negativePrompt.set(g.negativePrompt());
    try {
      sampler.set(SamplerKind.fromId(g.sampler()));
    } catch (IllegalArgumentException e) {
      // A sampler this version no longer knows: keep the model's.
    }
    steps.set(g.steps());
    guidance.set(g.guidance());
    width.set(g.width());
    height.set(g.height());
    seed.set(g.seed());
    variantCount.set(g.variantCount());
    List<VariantItem> items = new ArrayList<>();
    for (int i = 0; i < session.assets().size(); i++) {
      Asset a = session.assets().get(i);
      VariantItem item = new VariantItem(a.variantIndex(), a.seed());
      item.imageProperty().set(session.images().get(i));
      item.assetProperty().set(a);
      item.keptProperty().set(a.kept());
      item.progressProperty().set(1);
      items.add(item);
    }
    variants.setAll(items);
    restored.set(!items.isEmpty());
    if (!items.isEmpty()) {
      status.set(
          "Your last generation, from "
              + g.createdAt().atZone(clock.getZone()).toLocalDate()
              + ": keep the variants you like.");
    }
  }

  /** A new model was picked: its recommended settings fill the form; it loads in the background. */
  private void modelChosen(ModelChoice choice) {
    if (choice == null) {
      return;
    }
    GenerationDefaults d = choice.defaults();
    try {
      sampler.set(SamplerKind.fromId(d.sampler()));
    } catch (IllegalArgumentException e) {
      sampler.set(SamplerKind.DPMPP_2M_KARRAS);
    }
    steps.set(d.steps());
    guidance.set(d.guidance());
    width.set(d.width());
    height.set(d.height());
    if (!choice.id().equals(loadedId)) {
      preload(choice);
    }
  }

  /** Loads the model in the background so that the first run starts at once. */
  private void preload(ModelChoice choice) {
    modelLoading.set(true);
    thread.submit(
        () -> {
          try {
            ensureLoaded(choice.installed());
            thread.toScreen(() -> modelLoading.set(false));
          } catch (RuntimeException | Error e) {
            LOG.warn("Cannot load {}", choice.id(), e);
            thread.toScreen(
                () -> {
                  modelLoading.set(false);
                  if (cancelRequested == null) { // else the waiting generation reports it
                    problem.set(
                        "Could not load the model " + choice.id() + ": " + Notices.message(e));
                  }
                });
          }
        });
  }

  /** On the generation thread: the model, loaded once and kept until another is asked for. */
  private DiffusionModel ensureLoaded(ModelLibrary.Installed installed) {
    if (loaded != null && loadedFrom.id().equals(installed.id())) {
      return loaded;
    }
    if (loaded != null) {
      loaded.close();
      loaded = null;
      loadedId = null;
    }
    loaded = ModelLibrary.load(installed);
    loadedFrom = installed;
    loadedId = installed.id();
    return loaded;
  }

  // ---- generating -----------------------------------------------------------------------

  /** Generates with the form's settings (a new seed unless the seed is locked). */
  public void generate() {
    if (phase.get() == Phase.GENERATING || phase.get() == Phase.CANCELLING) {
      return;
    }
    problem.set("");
    ModelChoice choice = model.get();
    if (prompt.get() == null || prompt.get().isBlank()) {
      problem.set("Describe what to make in the prompt first.");
      return;
    }
    if (choice == null) {
      problem.set(
          models.isEmpty()
              ? "No model is installed, so nothing can be generated yet."
              : "Pick a model first.");
      return;
    }
    if (!seedLocked.get()) {
      seed.set(randomSeeds.getAsLong());
    }
    GenerationRequest request;
    try {
      int count = valueOr(variantCount.get(), 1);
      int total = valueOr(steps.get(), 1);
      request =
          new GenerationRequest(
              prompt.get().strip(),
              negativePrompt.get() == null ? "" : negativePrompt.get().strip(),
              valueOr(seed.get(), 0),
              sampler.get() == null ? SamplerKind.DPMPP_2M_KARRAS : sampler.get(),
              total,
              guidance.get() == null ? 1.0 : guidance.get(),
              valueOr(width.get(), 0),
              valueOr(height.get(), 0),
              count,
              Math.max(1, (int) Math.ceil(total / (double) PREVIEWS_PER_RUN)));
    } catch (IllegalArgumentException e) {
      problem.set(e.getMessage());
      return;
    }
    remember(request.prompt());
    List<VariantItem> items = new ArrayList<>();
    for (int i = 0; i < request.variants(); i++) {
      items.add(new VariantItem(i, request.variantSeed(i)));
    }
    variants.setAll(items);
    picked.clear();
    focused.set(null);
    layout.set(Layout.GRID);
    restored.set(false);
    progress.set(0);
    boolean needsLoad = !choice.id().equals(loadedId);
    phase.set(needsLoad ? Phase.LOADING_MODEL : Phase.GENERATING);
    status.set(needsLoad ? "Loading model " + choice.id() + "…" : "Starting…");
    if (needsLoad) {
      progress.set(-1);
    }
    AtomicBoolean cancel = new AtomicBoolean();
    cancelRequested = cancel;
    thread.submit(() -> run(choice.installed(), request, items, cancel));
  }

  private static int valueOr(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static long valueOr(Long value, long fallback) {
    return value == null ? fallback : value;
  }

  /** On the generation thread. */
  private void run(
      ModelLibrary.Installed installed,
      GenerationRequest request,
      List<VariantItem> items,
      AtomicBoolean cancel) {
    try {
      if (cancel.get()) {
        throw new CancellationException("Cancelled");
      }
      DiffusionModel m = ensureLoaded(installed);
      ProgressRelay relay = new ProgressRelay(items, cancel, System.nanoTime());
      thread.toScreen(
          () -> {
            if (phase.get() == Phase.LOADING_MODEL) {
              phase.set(Phase.GENERATING);
              progress.set(0);
              status.set("Starting…");
            }
          });
      GenerationService.Outcome outcome =
          new GenerationService(catalog, clock)
              .generate(installed, m, request, variantsDir, relay, cancel::get);
      thread.toScreen(() -> finished(items, outcome, cancel));
    } catch (CancellationException e) {
      thread.toScreen(() -> cancelled(items, cancel));
    } catch (RuntimeException | Error e) {
      LOG.warn("Generation failed", e);
      thread.toScreen(() -> failed(items, e, cancel));
    }
  }

  /**
   * Carries step counts and previews from the generation thread to the screen, never more than one
   * update waiting: a slow screen sees the latest state, not a queue of old ones.
   */
  private final class ProgressRelay implements Pipeline.Listener {
    private final List<VariantItem> items;
    private final AtomicBoolean cancel;
    private final long startNanos;
    private final AtomicReference<Update> pending = new AtomicReference<>();

    private record Update(int step, int total, double seconds, List<RgbImage> previews) {}

    ProgressRelay(List<VariantItem> items, AtomicBoolean cancel, long startNanos) {
      this.items = items;
      this.cancel = cancel;
      this.startNanos = startNanos;
    }

    @Override
    public void onStep(int step, int total) {
      post(step, total, null);
    }

    @Override
    public void onPreview(int step, int total, List<RgbImage> previews) {
      post(step, total, List.copyOf(previews));
    }

    private void post(int step, int total, List<RgbImage> previews) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Update previous =
          pending.getAndUpdate(
              old ->
                  new Update(
                      step,
                      total,
                      seconds,
                      previews != null ? previews : old == null ? null : old.previews()));
      if (previous == null) {
        thread.toScreen(this::deliver);
      }
    }

    private void deliver() {
      Update u = pending.getAndSet(null);
      if (u == null || cancelRequested != cancel || phase.get() != Phase.GENERATING) {
        return;
      }
      double fraction = u.total() == 0 ? 0 : u.step() / (double) u.total();
      progress.set(fraction);
      for (int i = 0; i < items.size(); i++) {
        VariantItem item = items.get(i);
        item.progressProperty().set(fraction);
        if (u.previews() != null && i < u.previews().size()) {
          item.imageProperty().set(u.previews().get(i));
        }
      }
      status.set(progressText(u.step(), u.total(), u.seconds()));
    }
  }

  static String progressText(int step, int total, double seconds) {
    double rate = seconds > 0 ? step / seconds : 0;
    return String.format(
        Locale.ROOT, "Step %d of %d · %.1f s · %.2f steps/s", step, total, seconds, rate);
  }

  static String doneText(int count, double seconds, double stepsPerSecond) {
    return String.format(
        Locale.ROOT,
        "%d variant%s in %.1f s · %.2f steps/s",
        count,
        count == 1 ? "" : "s",
        seconds,
        stepsPerSecond);
  }

  private void finished(
      List<VariantItem> items, GenerationService.Outcome outcome, AtomicBoolean cancel) {
    List<RgbImage> images = outcome.result().images();
    for (int i = 0; i < items.size(); i++) {
      VariantItem item = items.get(i);
      item.progressProperty().set(1);
      if (i < images.size()) {
        item.imageProperty().set(images.get(i));
      }
      if (i < outcome.variants().size()) {
        item.assetProperty().set(outcome.variants().get(i));
      }
    }
    end(cancel);
    progress.set(1);
    status.set(
        doneText(
            items.size(),
            outcome.result().elapsed().toMillis() / 1000.0,
            outcome.result().stepsPerSecond()));
  }

  private void cancelled(List<VariantItem> items, AtomicBoolean cancel) {
    if (variants.equals(items)) {
      variants.clear();
    }
    end(cancel);
    progress.set(0);
    status.set("Cancelled. Nothing was saved; your settings are as they were.");
  }

  private void failed(List<VariantItem> items, Throwable error, AtomicBoolean cancel) {
    if (variants.equals(items)) {
      variants.clear();
    }
    end(cancel);
    progress.set(0);
    status.set("");
    problem.set("Could not generate: " + Notices.message(error));
    notices.error("Generation failed", error);
  }

  private void end(AtomicBoolean cancel) {
    if (cancelRequested == cancel) {
      cancelRequested = null;
    }
    phase.set(Phase.IDLE);
  }

  /** Stops the running generation at the next step; nothing of it is saved. */
  public void cancel() {
    if (cancelRequested != null
        && (phase.get() == Phase.GENERATING || phase.get() == Phase.LOADING_MODEL)) {
      cancelRequested.set(true);
      phase.set(Phase.CANCELLING);
      status.set("Cancelling…");
    }
  }

  /** A new random seed, same everything else, and generate. */
  public void reroll() {
    seed.set(randomSeeds.getAsLong());
    boolean locked = seedLocked.get();
    seedLocked.set(true);
    try {
      generate();
    } finally {
      seedLocked.set(locked);
    }
  }

  /** Generates again from this variant's seed (variant 1 of the new run is the same picture). */
  public void rerun(VariantItem item) {
    seed.set(item.seed());
    seedLocked.set(true);
    generate();
  }

  /** Picks a new random seed now (and unlocks nothing). */
  public void randomizeSeed() {
    seed.set(randomSeeds.getAsLong());
  }

  private void remember(String text) {
    history.remove(text);
    history.addFirst(text);
    if (history.size() > HISTORY_SIZE) {
      history.remove(HISTORY_SIZE, history.size());
    }
  }

  /**
   * Moves through the prompt history: {@code -1} older, {@code +1} newer. Returns the prompt shown,
   * or empty when there is no further one.
   */
  public Optional<String> historyStep(int direction) {
    if (history.isEmpty()) {
      return Optional.empty();
    }
    int at = history.indexOf(prompt.get());
    int next = at < 0 ? (direction < 0 ? 0 : -1) : at - direction;
    if (next < 0 || next >= history.size()) {
      return Optional.empty();
    }
    prompt.set(history.get(next));
    return Optional.of(history.get(next));
  }

  // ---- variants → asset -----------------------------------------------------------------

  /**
   * Keeps a finished variant: its PNG moves from the variants folder into the images folder, its
   * catalog row becomes a kept asset, and it is selected for the inspector.
   */
  public void keep(VariantItem item) {
    Asset asset = item.assetProperty().get();
    if (asset == null || item.keptProperty().get()) {
      return;
    }
    item.keptProperty().set(true);
    runner.run(
        () -> keepFile(asset),
        keptPath -> {
          selection.select(asset.id());
          selection.changed();
          notices.info(
              "Kept variant " + (item.index() + 1), "Saved to " + keptPath.toAbsolutePath());
        },
        error -> {
          item.keptProperty().set(false);
          notices.error("Could not keep variant " + (item.index() + 1), error);
        });
  }

  private Path keepFile(Asset asset) throws IOException {
    Path from = Path.of(asset.filePath());
    Files.createDirectories(imagesDir);
    Path to = imagesDir.resolve(from.getFileName());
    if (!from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
      byte[] png = Files.readAllBytes(from);
      AtomicFiles.write(to, png);
    }
    catalog.assets().keep(asset.id(), to.toAbsolutePath().toString(), asset.fileSha256());
    if (!from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
      Files.deleteIfExists(from);
    }
    return to;
  }

  /** Adds the variant to, or removes it from, the side-by-side comparison (two at most). */
  public void togglePick(VariantItem item) {
    if (picked.remove(item)) {
      item.pickedProperty().set(false);
    } else {
      if (picked.size() == 2) {
        picked.removeFirst().pickedProperty().set(false);
      }
      picked.add(item);
      item.pickedProperty().set(true);
    }
    if (picked.size() < 2 && layout.get() == Layout.COMPARE) {
      layout.set(Layout.GRID);
    }
  }

  /** Shows the picked variants side by side (needs two). */
  public void compare() {
    if (picked.size() == 2) {
      layout.set(Layout.COMPARE);
    }
  }

  /** Shows one variant large. */
  public void zoomInto(VariantItem item) {
    if (focused.get() != item) {
      zoom.set(1);
    }
    focused.set(item);
    layout.set(Layout.ZOOM);
  }

  /** Back to the grid of variants. */
  public void showGrid() {
    layout.set(Layout.GRID);
  }

  /** Cancels a running generation and waits for it to end, then frees the model. */
  @Override
  public void close() {
    if (cancelRequested != null) {
      cancelRequested.set(true);
    }
    thread.submit(
        () -> {
          if (loaded != null) {
            loaded.close();
            loaded = null;
            loadedId = null;
          }
        });
    thread.close();
  }

  // ---- properties -----------------------------------------------------------------------

  public StringProperty promptProperty() {
    return prompt;
  }

  public StringProperty negativePromptProperty() {
    return negativePrompt;
  }

  /** Earlier prompts, newest first. */
  public ObservableList<String> history() {
    return historyView;
  }

  public ObservableList<ModelChoice> models() {
    return modelsView;
  }

  public ObjectProperty<ModelChoice> modelProperty() {
    return model;
  }

  public ObjectProperty<SamplerKind> samplerProperty() {
    return sampler;
  }

  public ObjectProperty<Integer> stepsProperty() {
    return steps;
  }

  public ObjectProperty<Double> guidanceProperty() {
    return guidance;
  }

  public ObjectProperty<Integer> widthProperty() {
    return width;
  }

  public ObjectProperty<Integer> heightProperty() {
    return height;
  }

  public ObjectProperty<Long> seedProperty() {
    return seed;
  }

  /** When locked, runs keep the seed; otherwise each run draws a new one. */
  public BooleanProperty seedLockedProperty() {
    return seedLocked;
  }

  public ObjectProperty<Integer> variantCountProperty() {
    return variantCount;
  }

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

  /** 0 to 1, or -1 while the model loads. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** How many models are installed, in words. */
  public ReadOnlyStringProperty modelsProperty() {
    return modelsText.getReadOnlyProperty();
  }

  public ObservableList<VariantItem> variants() {
    return variantsView;
  }

  /** The variants picked for comparison, at most two. */
  public ObservableList<VariantItem> picked() {
    return pickedView;
  }

  /** The variant shown large. */
  public ObjectProperty<VariantItem> focusedProperty() {
    return focused;
  }

  public ObjectProperty<Layout> layoutProperty() {
    return layout;
  }

  /** Magnification of the zoomed variant: 1 fits it to the space, up to 8. */
  public DoubleProperty zoomProperty() {
    return zoom;
  }

  /** True while the chosen model loads in the background (the form stays usable). */
  public ReadOnlyBooleanProperty modelLoadingProperty() {
    return modelLoading.getReadOnlyProperty();
  }

  /** True when the variants shown are the last session's, brought back at start. */
  public ReadOnlyBooleanProperty restoredProperty() {
    return restored.getReadOnlyProperty();
  }

  /** The engine line, e.g. "PyTorch 2.7.1 on CPU": the device generation runs on. */
  public StringBinding engineText() {
    return engine.text();
  }

  public ReadOnlyObjectProperty<EngineStatus> engineStatusProperty() {
    return engine.statusProperty();
  }

  /** The folder kept images go to. */
  public Path imagesDir() {
    return imagesDir;
  }

  static String describeModels(int count) {
    return switch (count) {
      case 0 -> "No models installed yet";
      case 1 -> "1 model installed";
      default -> count + " models installed";
    };
  }

  /** A short line for a progress bar: "Loading model…", "Generating", or empty. */
  public StringBinding phaseText() {
    return Bindings.createStringBinding(
        () ->
            switch (phase.get()) {
              case LOADING_MODEL -> "Loading model…";
              case GENERATING -> "Generating";
              case CANCELLING -> "Cancelling…";
              case IDLE -> "";
            },
        phase);
  }
}
