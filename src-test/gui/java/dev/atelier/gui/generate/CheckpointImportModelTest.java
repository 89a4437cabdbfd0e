package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.ByteSizes;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.generate.CheckpointImportModel.Step;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Add model…" flow without a display: choosing a checkpoint inspects it and says what it is,
 * importing hashes it with progress and ends with its hashes, refusals keep the core's words and
 * write nothing, and a cancelled import adds nothing.
 */
class CheckpointImportModelTest {

  @TempDir static Path downloads;
  static Path checkpoint;

  @TempDir Path home;
  private final Notices notices = new Notices();
  private final List<ModelLibrary.Installed> added = new ArrayList<>();

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    checkpoint = RunnableCheckpoints.write(downloads.resolve("Dream Shaper 8.safetensors"), 3);
  }

  private Path models() {
    return home.resolve("data/models");
  }

  private CheckpointImportModel flow() {
    return new CheckpointImportModel(models(), BackgroundRunner.sameThread(), notices, added::add);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (var in = Files.newInputStream(file)) {
      digest.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void inspectsThenImportsWithProgressAndEndsWithTheHashes() throws Exception {
    CheckpointImportModel flow = flow();
    List<Step> steps = new ArrayList<>();
    flow.stepProperty().addListener((obs, old, now) -> steps.add(now));
    List<String> progress = new ArrayList<>();
    flow.progressTextProperty().addListener((obs, old, now) -> progress.add(now));

    flow.choose(checkpoint);

    long size = Files.size(checkpoint);
    assertThat(flow.stepProperty().get()).isEqualTo(Step.READY);
    assertThat(flow.foundProperty().get())
        .isEqualTo("Stable Diffusion 1.x, single file · " + ByteSizes.of(size));
    assertThat(ByteSizes.of(size)).matches("\\d+\\.\\d MB");
    assertThat(flow.nameProperty().get()).isEqualTo("Dream Shaper 8");
    assertThat(flow.problemProperty().get()).isEmpty();

    flow.licenseProperty().set("CreativeML-OpenRAIL-M");
    flow.importNow();

    assertThat(steps).containsExactly(Step.INSPECTING, Step.READY, Step.IMPORTING, Step.DONE);
    assertThat(progress)
        .as("bytes hashed of the total, in words")
        .anyMatch(p -> p.matches("Checking the file: [\\d.]+ [kM]?B of [\\d.]+ MB · \\d+ %"))
        .contains(
            "Checking the file: " + ByteSizes.of(size) + " of " + ByteSizes.of(size) + " · 100 %");
    String sha = sha256(checkpoint);
    var imported = flow.importedProperty().get();
    assertThat(imported.sha256()).isEqualTo(sha);
    assertThat(imported.shortHash()).isEqualTo(sha.substring(0, 10).toUpperCase(Locale.ROOT));
    assertThat(imported.model().id()).isEqualTo("dream-shaper-8@1");
    assertThat(added).extracting(ModelLibrary.Installed::id).containsExactly("dream-shaper-8@1");
    assertThat(notices.shown())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.title()).isEqualTo("Added model dream-shaper-8@1");
              assertThat(n.detail()).contains(imported.shortHash());
            });
    ModelLibrary.Installed listed = new ModelLibrary(List.of(models())).find("dream-shaper-8");
    assertThat(listed.manifest().license()).isEqualTo("CreativeML-OpenRAIL-M");
    assertThat(listed.manifest().source()).isEqualTo(downloads.toString());
  }

  @Test
  void aNameGivenIsUsedAndTheFileStaysWhereItIs() throws Exception {
    CheckpointImportModel flow = flow();
    flow.choose(checkpoint);
    flow.nameProperty().set("My Portraits");
    flow.importNow();

    assertThat(flow.importedProperty().get().model().id()).isEqualTo("my-portraits@1");
    assertThat(new ModelLibrary(List.of(models())).find("my-portraits").manifest().license())
        .isEqualTo("unknown");
    try (Stream<Path> files = Files.walk(models())) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactly("model.json");
    }
  }

  @Test
  void refusalsSayTheCoresWordsAndWriteNothing() throws Exception {
    CheckpointImportModel flow = flow();
    flow.licenseProperty().set("CC0-1.0");

    flow.choose(TestCheckpoints.pickle(downloads.resolve("old-model.ckpt")));
    assertThat(flow.stepProperty().get()).isEqualTo(Step.CHOOSE);
    assertThat(flow.sourceProperty().get()).isNull();
    assertThat(flow.problemProperty().get())
        .contains("old-model.ckpt")
        .contains("pickle")
        .contains("can run any code")
        .contains(".safetensors version");

    flow.importNow(); // nothing to import
    assertThat(flow.stepProperty().get()).isEqualTo(Step.CHOOSE);

    flow.choose(TestCheckpoints.sdxl(downloads.resolve("sd_xl_base.safetensors")));
    assertThat(flow.problemProperty().get())
        .startsWith("Cannot use sd_xl_base.safetensors: ")
        .contains("Stable Diffusion XL")
        .contains("not supported yet");

    flow.choose(TestCheckpoints.corrupt(downloads.resolve("broken.safetensors")));
    assertThat(flow.stepProperty().get()).isEqualTo(Step.CHOOSE);
    assertThat(flow.problemProperty().get())
        .contains("broken.safetensors")
        .doesNotContain("Exception");

    flow.choose(downloads.resolve("gone.safetensors"));
    assertThat(flow.problemProperty().get()).contains("gone.safetensors");

    assertThat(flow.licenseProperty().get()).as("what was typed stays").isEqualTo("CC0-1.0");
    assertThat(Files.exists(models())).isFalse();
    assertThat(added).isEmpty();
    assertThat(notices.shown()).as("said in the dialog, not as toasts").isEmpty();

    flow.choose(checkpoint);
    assertThat(flow.stepProperty().get()).isEqualTo(Step.READY);
    assertThat(flow.problemProperty().get()).as("a good choice clears the refusal").isEmpty();
  }

  @Test
  void cancellingWhileHashingAddsNothing() throws Exception {
    CheckpointImportModel flow = flow();
    flow.choose(checkpoint);
    AtomicBoolean once = new AtomicBoolean(true);
    flow.progressProperty()
        .addListener(
            (obs, old, now) -> {
              if (now.doubleValue() > 0.1 && once.getAndSet(false)) {
                flow.cancel();
              }
            });

    flow.importNow();

    assertThat(flow.stepProperty().get()).isEqualTo(Step.READY);
    assertThat(flow.noteProperty().get())
        .isEqualTo("Import cancelled. Nothing was added; the file is untouched.");
    assertThat(flow.importedProperty().get()).isNull();
    assertThat(added).isEmpty();
    assertThat(new ModelLibrary(List.of(models())).list()).isEmpty();
    try (Stream<Path> left = Files.list(models())) {
      assertThat(left).as("no staging folder is left").isEmpty();
    } catch (NoSuchFileException e) {
      // the models folder was never made: nothing to leave
    }

    flow.importNow(); // and it can be imported after all
    assertThat(flow.stepProperty().get()).isEqualTo(Step.DONE);
    assertThat(added).hasSize(1);
  }

  @Test
  void sizesReadAsModelSitesWriteThem() {
    assertThat(ByteSizes.of(0)).isEqualTo("0 B");
    assertThat(ByteSizes.of(999)).isEqualTo("999 B");
    assertThat(ByteSizes.of(12_300)).isEqualTo("12.3 kB");
    assertThat(ByteSizes.of(90_440_000)).isEqualTo("90.4 MB");
    assertThat(ByteSizes.of(2_132_000_000L)).isEqualTo("2.13 GB");
    assertThat(ByteSizes.of(4_265_000_000L)).isEqualTo("4.27 GB");
    assertThat(ByteSizes.of(512_000_000L)).isEqualTo("512 MB");
  }
}
