package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.generate.GenerateViewModel.Phase;
import dev.atelier.gui.generate.VariantsModel.Layout;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Generate screen's view-model with the built-in model, without a display: loading, generating
 * and keeping all run on the test thread, through the same core path as {@code atelier generate}.
 * Runs are tiny (32×32, one or two steps) to stay fast.
 */
class GenerateViewModelTest {

  @TempDir Path home;
  private Studio studio;
  private final AssetSelection selection = new AssetSelection();
  private final Notices notices = new Notices();
  private final AtomicLong seeds = new AtomicLong(1000);
  private final List<GenerateViewModel> models = new ArrayList<>();

  @BeforeEach
  void startStudio() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
  }

  @AfterEach
  void closeAll() {
    models.forEach(GenerateViewModel::close);
    studio.close();
  }

  private GenerateViewModel screen() {
    return screen(studio.generation().library()::list);
  }

  /** The screen, listing the models with {@code installedModels}. */
  private GenerateViewModel screen(Callable<List<ModelLibrary.Installed>> installedModels) {
    return screen(installedModels, studio.clock());
  }

  private GenerateViewModel screen(
      Callable<List<ModelLibrary.Installed>> installedModels, Clock clock) {
    BackgroundRunner runner = BackgroundRunner.sameThread();
    EngineStatusModel engine = new EngineStatusModel(runner, () -> Fixtures.ENGINE);
    GenerateViewModel vm =
        new GenerateViewModel(
            studio.generation(),
            installedModels,
            studio.keeping(),
            studio.catalog(),
            clock,
            engine,
            runner,
            selection,
            notices,
            home.resolve("queue.json"),
            () -> seeds.getAndAdd(100));
    models.add(vm);
    vm.activate();
    return vm;
  }

  private static void small(GenerateViewModel vm, int steps, int variants) {
    vm.form().stepsProperty().set(steps);
    vm.form().variantCountProperty().set(variants);
    vm.form().widthProperty().set(32);
    vm.form().heightProperty().set(32);
  }

  @Test
  void picksTheBuiltInModelWithItsRecommendedSettingsAndLoadsItAhead() {
    GenerateViewModel vm = screen();

    assertThat(vm.form().models()).extracting(ModelChoice::id).contains("atelier-tiny@4");
    assertThat(vm.form().modelProperty().get().id()).isEqualTo("atelier-tiny@4");
    assertThat(vm.form().stepsProperty().get()).isEqualTo(20);
    assertThat(vm.form().guidanceProperty().get()).isEqualTo(4.0);
    assertThat(vm.form().widthProperty().get()).isEqualTo(64);
    assertThat(vm.form().modelsProperty().get()).isEqualTo("1 model installed");
    assertThat(vm.modelLoadingProperty().get()).isFalse();
    assertThat(vm.engineText().get()).isEqualTo("Loading engine…");
    assertThat(vm.results().variants()).isEmpty();
  }

  @Test
  void generatesVariantsShowingPreviewsThenKeepsOneAsAnAsset() throws Exception {
    GenerateViewModel vm = screen();
    small(vm, 2, 2);
    vm.form().promptProperty().set("a red circle on blue, flat");
    List<Phase> phases = new ArrayList<>();
    vm.phaseProperty().addListener((obs, old, now) -> phases.add(now));
    List<RgbImage> shown = new ArrayList<>();
    vm.results()
        .variants()
        .addListener(
            (javafx.collections.ListChangeListener<VariantItem>)
                c -> {
                  if (!vm.results().variants().isEmpty()) {
                    vm.results()
                        .variants()
                        .getFirst()
                        .imageProperty()
                        .addListener((o, a, b) -> shown.add(b));
                  }
                });

    vm.generate();

    assertThat(phases).containsExactly(Phase.GENERATING, Phase.IDLE);
    assertThat(shown).as("a denoising preview, then the final picture").hasSize(2);
    assertThat(vm.results().variants()).hasSize(2);
    VariantItem first = vm.results().variants().getFirst();
    assertThat(first.seed())
        .as("the form's seed was drawn first, the run drew anew")
        .isEqualTo(1100);
    assertThat(vm.results().variants().get(1).seed()).isEqualTo(1101);
    assertThat(first.finished()).isTrue();
    assertThat(first.progressProperty().get()).isEqualTo(1.0);
    assertThat(first.imageProperty().get().width()).isEqualTo(32);
    assertThat(vm.statusProperty().get())
        .matches("2 variants in \\d+\\.\\d s · \\d+\\.\\d\\d steps/s");
    assertThat(vm.problemProperty().get()).isEmpty();
    assertThat(vm.form().history()).containsExactly("a red circle on blue, flat");

    Asset asset = first.assetProperty().get();
    Path variantFile = Path.of(asset.filePath());
    assertThat(variantFile).exists().hasParent(studio.dirs().data().resolve("variants"));
    assertThat(studio.catalog().assets().find(asset.id()).orElseThrow().kept()).isFalse();
    Generation g = studio.catalog().generations().find(asset.generationId()).orElseThrow();
    assertThat(g.status()).isEqualTo(Generation.Status.DONE);
    assertThat(g.steps()).isEqualTo(2);

    vm.results().keep(first);

    Asset kept = studio.catalog().assets().find(asset.id()).orElseThrow();
    assertThat(kept.kept()).isTrue();
    Path keptFile = Path.of(kept.filePath());
    assertThat(keptFile).exists().hasParent(studio.dirs().data().resolve("images"));
    assertThat(dev.atelier.hashing.Hashes.sha256Hex(Files.readAllBytes(keptFile)))
        .isEqualTo(asset.fileSha256());
    assertThat(variantFile).doesNotExist();
    assertThat(first.keptProperty().get()).isTrue();
    assertThat(selection.selected()).containsExactly(asset.id());
    assertThat(notices.shown())
        .singleElement()
        .satisfies(n -> assertThat(n.title()).isEqualTo("Kept variant 1"));
    assertThat(
            studio
                .catalog()
                .assets()
                .find(vm.results().variants().get(1).assetProperty().get().id()))
        .hasValueSatisfying(a -> assertThat(a.kept()).isFalse());
  }

  /** A clock that moves only when told. */
  private static final class StepClock extends Clock {
    long millis = 1_000_000;

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void theSecondsCountOnBetweenStepsAndTheSpeedIsOfTheStepsDone() {
    StepClock clock = new StepClock();
    GenerateViewModel vm = screen(studio.generation().library()::list, clock);
    small(vm, 2, 1);
    vm.form().promptProperty().set("a slow lighthouse");
    List<String> status = new ArrayList<>();
    vm.statusProperty()
        .addListener(
            (obs, old, now) -> {
              status.add(now);
              // Each step takes a while: the screen ticks in between.
              if (now.equals("Starting… · 0.0 s") || now.startsWith("Step 1 of 2 · 2.5 s")) {
                clock.millis += now.startsWith("Starting") ? 2500 : 10_000;
                vm.tick();
              }
            });

    vm.generate();

    assertThat(status)
        .containsSubsequence(
            "Starting… · 0.0 s",
            "Starting… · 2.5 s",
            "Step 1 of 2 · 2.5 s · 0.40 steps/s",
            "Step 1 of 2 · 12.5 s · 0.40 steps/s",
            "Step 2 of 2 · 12.5 s · 0.16 steps/s");
    String done = vm.statusProperty().get();
    assertThat(done).matches("1 variant in .* steps/s");
    clock.millis += 5000;
    vm.tick();
    assertThat(vm.statusProperty().get()).as("no run: nothing to count").isEqualTo(done);
  }

  @Test
  void sameSeedGivesTheSamePicturesAndAnUnlockedSeedChangesEachRun() {
    GenerateViewModel vm = screen();
    small(vm, 1, 1);
    vm.form().promptProperty().set("a tree");
    vm.generate();
    VariantItem original = vm.results().variants().getFirst();
    assertThat(original.seed()).isEqualTo(1100);

    vm.generate();
    assertThat(vm.results().variants().getFirst().seed())
        .as("unlocked: a new seed")
        .isEqualTo(1200);

    vm.rerun(original);

    assertThat(vm.form().seedLockedProperty().get()).isTrue();
    VariantItem again = vm.results().variants().getFirst();
    assertThat(again.seed()).isEqualTo(1100);
    assertThat(again.imageProperty().get()).isEqualTo(original.imageProperty().get());

    vm.reroll();
    assertThat(vm.results().variants().getFirst().seed()).as("re-roll: new seed").isEqualTo(1300);
    assertThat(vm.form().seedLockedProperty().get())
        .as("re-roll keeps the lock as it was")
        .isTrue();
    assertThat(vm.form().stepsProperty().get()).isEqualTo(1);
  }

  @Test
  void cancellingStopsAtTheNextStepAndSavesNothing() {
    GenerateViewModel vm = screen();
    small(vm, 4, 1);
    vm.form().promptProperty().set("a boat");
    vm.progressProperty()
        .addListener(
            (obs, old, now) -> {
              if (now.doubleValue() > 0 && now.doubleValue() < 1) {
                vm.cancel();
              }
            });

    vm.generate();

    assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
    assertThat(vm.results().variants()).isEmpty();
    assertThat(vm.statusProperty().get()).startsWith("Cancelled.");
    Generation g = studio.catalog().generations().recent(1).getFirst();
    assertThat(g.status()).isEqualTo(Generation.Status.CANCELLED);
    assertThat(studio.catalog().assets().ofGeneration(g.id())).isEmpty();
  }

  @Test
  void problemsAreSaidInPlainWords() {
    GenerateViewModel vm = screen();
    vm.generate();
    assertThat(vm.problemProperty().get()).isEqualTo("Describe what to make in the prompt first.");

    vm.form().promptProperty().set("a field");
    small(vm, 1, 1);
    vm.form().heightProperty().set(48);
    vm.generate();

    assertThat(vm.problemProperty().get())
        .startsWith("Could not generate: atelier-tiny@4 makes square images");
    assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
    assertThat(notices.shown())
        .singleElement()
        .satisfies(n -> assertThat(n.kind()).isEqualTo(Notices.Kind.ERROR));
    assertThat(studio.catalog().generations().recent(1).getFirst().status())
        .isEqualTo(Generation.Status.FAILED);
  }

  @Test
  void theLastGenerationComesBackWithItsSettingsAndUnkeptVariants() {
    GenerateViewModel first = screen();
    small(first, 1, 2);
    first.form().promptProperty().set("a lighthouse");
    first.form().negativePromptProperty().set("blur");
    first.generate();
    List<RgbImage> made =
        first.results().variants().stream().map(v -> v.imageProperty().get()).toList();
    first.results().keep(first.results().variants().get(1));

    GenerateViewModel reopened = screen();

    assertThat(reopened.form().promptProperty().get()).isEqualTo("a lighthouse");
    assertThat(reopened.form().negativePromptProperty().get()).isEqualTo("blur");
    assertThat(reopened.form().stepsProperty().get()).isEqualTo(1);
    assertThat(reopened.form().widthProperty().get()).isEqualTo(32);
    assertThat(reopened.results().restoredProperty().get()).isTrue();
    assertThat(reopened.results().variants()).hasSize(2);
    assertThat(reopened.results().variants())
        .extracting(v -> v.imageProperty().get())
        .containsExactlyElementsOf(made);
    assertThat(reopened.results().variants())
        .extracting(v -> v.keptProperty().get())
        .containsExactly(false, true);
    assertThat(reopened.form().history()).containsExactly("a lighthouse");
  }

  @Test
  void promptHistoryAndComparingAndZooming() {
    GenerateViewModel vm = screen();
    small(vm, 1, 3);
    vm.form().promptProperty().set("one");
    vm.generate();
    vm.form().promptProperty().set("two");
    vm.generate();
    vm.form().promptProperty().set("");

    assertThat(vm.form().historyStep(-1)).hasValue("two");
    assertThat(vm.form().historyStep(-1)).hasValue("one");
    assertThat(vm.form().historyStep(-1)).isEmpty();
    assertThat(vm.form().historyStep(1)).hasValue("two");

    List<VariantItem> v = vm.results().variants();
    vm.results().togglePick(v.get(0));
    vm.results().compare();
    assertThat(vm.results().layoutProperty().get()).as("needs two").isEqualTo(Layout.GRID);
    vm.results().togglePick(v.get(1));
    vm.results().togglePick(v.get(2));
    assertThat(vm.results().picked()).containsExactly(v.get(1), v.get(2));
    assertThat(v.get(0).pickedProperty().get()).isFalse();
    vm.results().compare();
    assertThat(vm.results().layoutProperty().get()).isEqualTo(Layout.COMPARE);

    vm.results().zoomInto(v.get(2));
    assertThat(vm.results().layoutProperty().get()).isEqualTo(Layout.ZOOM);
    assertThat(vm.results().focusedProperty().get()).isSameAs(v.get(2));
    vm.results().showGrid();
    assertThat(vm.results().layoutProperty().get()).isEqualTo(Layout.GRID);
  }

  @Test
  void aPromptInWhichTheModelFindsNoStyleGetsAdviceNextToIt() {
    GenerateViewModel vm = screen();
    assertThat(vm.form().adviceProperty().get()).as("empty prompt: nothing to say").isEmpty();

    vm.form().promptProperty().set("concentric rings in ocean colours");

    assertThat(vm.form().adviceProperty().get())
        .startsWith("The model knows no style in this prompt, so it picks one at random.")
        .contains("sunset", "wave", "mountain", "starfield", "geometric", "flow field")
        .contains("Colours: ember", "ocean");

    vm.form().promptProperty().set("concentric circles in ocean colours");
    assertThat(vm.form().adviceProperty().get()).as("circle is a geometric word").isEmpty();
  }

  @Test
  void aPromptLongerThanTheModelReadsIsRefusedBeforeAnythingRuns() {
    GenerateViewModel vm = screen();
    small(vm, 1, 1);
    vm.form().promptProperty().set("sunset " + "over the quiet sea ".repeat(25));

    vm.generate();

    assertThat(vm.problemProperty().get())
        .isEqualTo(
            "The prompt is 101 words long; atelier-tiny@4 reads at most 75 words. Shorten it to"
                + " what matters most.");
    assertThat(vm.phaseProperty().get()).isEqualTo(Phase.IDLE);
    assertThat(vm.results().variants()).isEmpty();
    assertThat(studio.catalog().generations().count()).as("nothing recorded").isZero();
    assertThat(notices.shown()).isEmpty();
  }

  @Test
  void aModelFolderThatCannotBeListedIsSaidUnderThePickerAndTheRestStillShows() {
    GenerateViewModel before = screen();
    small(before, 1, 1);
    before.form().promptProperty().set("a quiet harbour");
    before.generate();
    Path userModels = studio.generation().library().roots().getLast();

    // What the library throws when the folder cannot be opened, around the real listing.
    GenerateViewModel vm =
        screen(
            () -> {
              studio.generation().library().list();
              throw new UncheckedIOException(
                  "Cannot list models in " + userModels,
                  new AccessDeniedException(userModels.toString()));
            });

    assertThat(vm.models().listStateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(vm.models().noteProperty().get())
        .isEqualTo("Could not read the models: Cannot list models in " + userModels);
    assertThat(vm.form().modelsProperty().get()).isEqualTo("Could not read the models");
    assertThat(vm.form().models()).isEmpty();
    assertThat(vm.results().stateProperty().get())
        .as("the earlier generations were read all the same")
        .isEqualTo(LoadState.READY);
    assertThat(vm.results().variants()).hasSize(1);
    assertThat(vm.form().history()).containsExactly("a quiet harbour");

    vm.form().promptProperty().set("a quiet harbour");
    vm.generate();
    assertThat(vm.problemProperty().get())
        .isEqualTo("The models could not be read, so nothing can be generated yet.");
    assertThat(notices.shown()).as("nothing ran, so no toast").isEmpty();
  }

  @Test
  void noInstalledModelIsSaidUnderThePickerWithWhereToPutOne() {
    GenerateViewModel vm = screen(List::of);

    assertThat(vm.models().listStateProperty().get()).isEqualTo(LoadState.EMPTY);
    assertThat(vm.models().noteProperty().get())
        .isEqualTo(
            "No model is installed. Use Add model… to add a Stable Diffusion checkpoint, or put a"
                + " model folder (with its model.json) into "
                + studio.dirs().models()
                + ".");
    assertThat(vm.results().stateProperty().get()).isEqualTo(LoadState.EMPTY);
  }

  @Test
  void aCatalogThatCannotBeReadIsSaidInTheVariantsPlaceAndTheModelsStillShow() {
    GenerateViewModel before = screen();
    small(before, 1, 1);
    before.form().promptProperty().set("a lantern");
    before.generate();
    studio.catalog().close();

    GenerateViewModel vm = screen();

    assertThat(vm.results().stateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(vm.results().errorProperty().get())
        .startsWith("Could not read your earlier generations: ")
        .doesNotContain("Exception");
    assertThat(vm.results().variants()).isEmpty();
    assertThat(vm.models().listStateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(vm.form().modelProperty().get().id()).isEqualTo("atelier-tiny@4");
    assertThat(vm.models().noteProperty().get()).isEmpty();
    assertThat(notices.shown()).isEmpty();
  }

  @Test
  void aChosenModelWhoseFilesDoNotHoldIsSaidUnderThePickerUntilAGoodOneIsChosen() throws Exception {
    Path broken = studio.dirs().models().resolve("broken");
    Files.createDirectories(broken);
    Path bundled = studio.generation().library().find("atelier-tiny@4").dir();
    Files.writeString(
        broken.resolve("model.json"),
        Files.readString(bundled.resolve("model.json"))
            .replaceFirst("\"version\"\\s*:\\s*\"\\w+\"", "\"version\": \"9\""));
    Files.write(broken.resolve("weights.ndlist"), new byte[] {1, 2, 3});
    GenerateViewModel vm = screen();
    ModelChoice good = vm.form().modelProperty().get();
    ModelChoice bad =
        vm.form().models().stream()
            .filter(m -> m.id().equals("atelier-tiny@9"))
            .findFirst()
            .orElseThrow();

    vm.form().modelProperty().set(bad);

    assertThat(vm.models().chosenStateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(vm.models().noteProperty().get()).startsWith("Could not read the chosen model: ");
    assertThat(vm.modelLoadingProperty().get()).isFalse();

    vm.form().modelProperty().set(good);

    assertThat(vm.models().chosenStateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(vm.models().noteProperty().get()).isEmpty();
  }
}
