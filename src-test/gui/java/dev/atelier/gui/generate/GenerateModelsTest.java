package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Generation;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.ByteSizes;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.generate.GenerateViewModel.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Generate screen's models without a display: the picker says each model's kind and size, a
 * model added with "Add model…" is listed and chosen, and loading a checkpoint (ahead, or for a
 * run) says how far it has got and stops when cancelled.
 */
class GenerateModelsTest {

  @TempDir static Path downloads;
  static Path checkpoint;

  @TempDir Path home;
  private Studio studio;
  private final Notices notices = new Notices();
  private final AtomicLong seeds = new AtomicLong(1000);
  private GenerateViewModel vm;

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    checkpoint = RunnableCheckpoints.write(downloads.resolve("tiny-sd1.safetensors"), 5);
  }

  @BeforeEach
  void open() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    BackgroundRunner runner = BackgroundRunner.sameThread();
    vm =
        new GenerateViewModel(
            studio.generation(),
            studio.generation().library()::list,
            studio.keeping(),
            studio.catalog(),
            studio.clock(),
            new EngineStatusModel(runner, () -> Fixtures.ENGINE),
            runner,
            new AssetSelection(),
            notices,
            home.resolve("queue.json"),
            () -> seeds.getAndAdd(100));
    vm.activate();
  }

  @AfterEach
  void close() {
    vm.close();
    studio.close();
  }

  /** Imports the test checkpoint through the screen's own flow, as the dialog does. */
  private CheckpointImportModel add() {
    CheckpointImportModel flow = vm.addModel();
    flow.choose(checkpoint);
    flow.importNow();
    return flow;
  }

  private ModelChoice choice(String id) {
    return vm.form().models().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void thePickerSaysEachModelsKindAndSize() throws Exception {
    ModelChoice builtIn = vm.form().modelProperty().get();
    assertThat(builtIn.kindText()).isEqualTo("Built-in");
    assertThat(builtIn.sizeText())
        .isEqualTo(ByteSizes.of(builtIn.installed().manifest().totalBytes()))
        .matches("[\\d.]+ (kB|MB)");
    assertThat(builtIn.detailText()).isEqualTo("Built-in · " + builtIn.sizeText());

    add();

    ModelChoice added = choice("tiny-sd1@1");
    assertThat(added.detailText())
        .isEqualTo("Stable Diffusion checkpoint · " + ByteSizes.of(Files.size(checkpoint)));
    assertThat(added.description()).isEqualTo("Stable Diffusion 1.x, single file");
  }

  @Test
  void anAddedModelIsListedChosenAndLoadedAheadWithItsProgress() {
    List<String> shown = new ArrayList<>();
    vm.models()
        .progressProperty()
        .addListener((obs, old, now) -> shown.add(now == null ? "done" : now.text()));

    CheckpointImportModel flow = add();

    assertThat(vm.form().models())
        .extracting(ModelChoice::id)
        .contains("atelier-tiny@4", "tiny-sd1@1");
    assertThat(vm.form().modelProperty().get().id()).isEqualTo("tiny-sd1@1");
    assertThat(vm.form().widthProperty().get()).as("its recommended settings").isEqualTo(512);
    assertThat(vm.form().modelsProperty().get()).isEqualTo("2 models installed");
    assertThat(flow.importedProperty().get().model().id()).isEqualTo("tiny-sd1@1");

    assertThat(shown.getFirst()).isEqualTo("Loading model tiny-sd1@1…");
    assertThat(shown.getLast()).isEqualTo("done");
    List<String> phases =
        shown.stream().map(s -> s.replaceAll("\\d+ %$", "N %")).distinct().toList();
    assertThat(phases)
        .containsExactly(
            "Loading model tiny-sd1@1…",
            "Checking model file… N %",
            "Loading weights… N %",
            "done");
    assertThat(shown).contains("Checking model file… 100 %", "Loading weights… 100 %");
    assertThat(studio.generation().isLoaded("tiny-sd1@1")).isTrue();
    assertThat(vm.models().chosenStateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(vm.modelLoadingProperty().get()).isFalse();
  }

  @Test
  void stoppingTheLoadAheadLeavesTheModelToLoadWhenARunNeedsIt() {
    vm.models()
        .progressProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && now.text().startsWith("Checking model file")) {
                vm.cancel(); // the × button, or Escape
              }
            });

    add();

    assertThat(vm.form().modelProperty().get().id()).isEqualTo("tiny-sd1@1");
    assertThat(studio.generation().isLoaded("tiny-sd1@1")).isFalse();
    assertThat(vm.modelLoadingProperty().get()).isFalse();
    assertThat(vm.models().noteProperty().get()).as("stopping is no failure").isEmpty();
    assertThat(vm.statusProperty().get())
        .isEqualTo("Stopped loading the model; it loads when you generate.");
  }

  @Test
  void aRunLoadsTheCheckpointShowingCheckingThenLoadingThenGenerates() {
    stopLoadAhead();
    add();
    assertThat(studio.generation().isLoaded("tiny-sd1@1")).isFalse();
    small();
    List<String> status = new ArrayList<>();
    List<Double> progress = new ArrayList<>();
    vm.statusProperty().addListener((obs, old, now) -> status.add(now));
    vm.progressProperty().addListener((obs, old, now) -> progress.add(now.doubleValue()));
    List<Phase> phases = new ArrayList<>();
    vm.phaseProperty().addListener((obs, old, now) -> phases.add(now));

    vm.generate();

    assertThat(vm.problemProperty().get()).isEmpty();
    assertThat(phases).containsExactly(Phase.LOADING_MODEL, Phase.GENERATING, Phase.IDLE);
    List<String> kinds =
        status.stream().map(s -> s.replaceAll(" \\d.*$", " …")).distinct().toList();
    assertThat(kinds)
        .containsSubsequence(
            "Loading model tiny-sd1@1…",
            "Checking model file… …",
            "Loading weights… …",
            "Starting… · …",
            "Step …",
            "1 variant in …");
    assertThat(status).contains("Checking model file… 100 %", "Loading weights… 100 %");
    assertThat(progress).contains(-1.0).anyMatch(p -> p > 0 && p < 1);
    assertThat(vm.statusProperty().get()).matches("1 variant in .* steps/s");
    Generation g = studio.catalog().generations().recent(1).getFirst();
    assertThat(g.modelId()).isEqualTo("tiny-sd1@1");
    assertThat(g.status()).isEqualTo(Generation.Status.DONE);
    assertThat(vm.results().variants().getFirst().imageProperty().get().width()).isEqualTo(32);
  }

  @Test
  void cancellingWhileTheModelLoadsForARunStopsBoth() {
    stopLoadAhead();
    add();
    small();
    vm.statusProperty()
        .addListener(
            (obs, old, now) -> {
              if (now.startsWith("Loading weights")) {
                vm.cancel(); // Escape, or the Cancel button
              }
            });

    vm.generate();

    assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
    assertThat(vm.statusProperty().get()).startsWith("Cancelled.");
    assertThat(studio.generation().isLoaded("tiny-sd1@1")).isFalse();
    assertThat(vm.progressProperty().get()).isZero();
    assertThat(vm.models().progressProperty().get()).isNull();
    assertThat(notices.shown()).extracting(Notices.Notice::kind).doesNotContain(Notices.Kind.ERROR);
  }

  /** Stops the load ahead of the model the import chooses, so that a run must load it. */
  private void stopLoadAhead() {
    vm.models()
        .progressProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && vm.modelLoadingProperty().get()) {
                vm.cancel();
              }
            });
  }

  private void small() {
    vm.form().promptProperty().set("a red fox");
    vm.form().stepsProperty().set(2);
    vm.form().variantCountProperty().set(1);
    vm.form().widthProperty().set(32);
    vm.form().heightProperty().set(32);
  }
}
