package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.ParametersText;
import dev.atelier.generate.Pipeline;
import dev.atelier.gui.shell.Screen;
import dev.atelier.hashing.Hashes;
import dev.atelier.png.PngText;
import dev.atelier.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settings from a picture in the real window (JavaFX's headless platform) on a small runnable
 * checkpoint: a PNG Atelier made with a LoRA and a hires pass, dropped on Generate (what the drop
 * and "Settings from image…" call), fills the LoRA list and the hires fix, and Generate makes the
 * same picture; a LoRA that is gone is named with its hash and the LoRA folder, the rest still
 * restored; a start strength is set with a word that the picture is not in the PNG. The inspector
 * lists the picture's inputs from the catalog, and "Use these settings" restores them.
 */
class SettingsRestoreScreenTest extends StudioWindowTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");
  private static final String TINY = "tiny@1";

  private Path lora;

  @Override
  void beforeWindow() throws Exception {
    Path checkpoint = RunnableCheckpoints.write(home.resolve("Downloads/tiny.safetensors"), 7);
    CheckpointImport.run(
        checkpoint, studio.generation().library().roots().getLast(), "tiny", null, null, null);
    lora = Files.copy(LORA, home.resolve("Downloads/ink.safetensors"));
  }

  @BeforeEach
  void modelsListed() throws Exception {
    waitUntil(30, () -> form().models().stream().anyMatch(c -> c.id().equals(TINY)));
  }

  @Test
  void aDroppedPngFillsTheLorasAndHiresFixAndGenerateMakesTheSamePicture() throws Exception {
    Asset made = made();
    Path png = Path.of(made.filePath());
    assertThat(form().loras().entries()).isEmpty();
    assertThat(form().hires().enabledProperty().get()).isFalse();

    interact(() -> form().settingsRestore().restoreFrom(png));
    waitUntil(30, () -> lookup("#generate-lora-name-0").tryQuery().isPresent());
    assertThat(text("#generate-lora-name-0")).isEqualTo("ink.safetensors");
    assertThat(text("#generate-lora-weight-value-0")).isEqualTo("0.80");
    assertThat(lookup("#generate-hires").queryAs(CheckBox.class).isSelected()).isTrue();
    assertThat(lookup("#generate-hires-scale").queryAs(ComboBox.class).getValue()).isEqualTo(2.0);
    assertThat(text("#generate-hires-strength-value")).isEqualTo("0.50");
    assertThat(text("#generate-hires-output")).isEqualTo("→ 64×64 · 1 more step");
    assertThat(form().modelProperty().get().id()).isEqualTo(TINY);
    assertThat(form().seedProperty().get()).isEqualTo(5L);
    assertThat(form().seedLockedProperty().get()).isTrue();
    assertThat(text("#generate-settings-notice"))
        .isEqualTo(
            "Settings restored from "
                + png.getFileName()
                + ". LoRAs: ink.safetensors at 0.80. Hires fix: ×2 at strength 0.50.");

    interact(() -> form().variantCountProperty().set(1));
    Generation again = generate();
    String sha = Hashes.sha256Hex(Files.readAllBytes(lora));
    assertThat(studio.catalog().generations().inputs(again.id()))
        .containsExactly(new GenerationInput(GenerationInput.Role.LORA, sha, 0.8));
    assertThat(studio.catalog().generations().hires(again.id())).contains(new HiresPass(2, 0.5));
    Asset variant = studio.catalog().assets().ofGeneration(again.id()).getFirst();
    assertThat(variant.pixelSha256()).as("the same picture").isEqualTo(made.pixelSha256());

    // The LoRA gone: named with its hash and the folder; the hires pass is still restored.
    Files.delete(lora);
    interact(
        () -> {
          form().hires().enabledProperty().set(false);
          form().settingsRestore().restoreFrom(png);
        });
    waitUntil(30, () -> text("#generate-settings-notice").contains("not found"));
    assertThat(text("#generate-settings-notice"))
        .contains(
            "LoRA 'ink' (hash "
                + sha.substring(0, 12)
                + ") not found; add it to the LoRA folder ("
                + studio.dirs().loras()
                + ").");
    waitUntil(10, () -> form().loras().entries().isEmpty());
    assertThat(form().hires().enabledProperty().get()).isTrue();
  }

  @Test
  void aStartStrengthIsSetAndTheNoticeSaysThePictureIsNotInThePng() throws Exception {
    byte[] image =
        PngText.withText(
            new RgbImage(8, 8, new byte[8 * 8 * 3]).toPng(),
            ParametersText.KEYWORD,
            "dunes\nSteps: 8, Sampler: DDIM, CFG scale: 4, Seed: 3, Size: 32x32,"
                + " Denoising strength: 0.35");
    Path png = Files.write(home.resolve("img2img.png"), image);
    interact(() -> form().settingsRestore().restoreFrom(png));
    waitUntil(30, () -> text("#generate-settings-notice").startsWith("Settings restored"));
    assertThat(form().startPicture().strength()).isEqualTo(0.35);
    assertThat(text("#generate-settings-notice"))
        .contains(
            "It was made from a start picture at strength 0.35: the strength is set, but the"
                + " picture itself is not in the PNG; choose it under Start picture.");
  }

  @Test
  void theInspectorListsThePicturesInputsAndUseTheseSettingsRestoresThem() throws Exception {
    Asset made = made();
    String sha = Hashes.sha256Hex(Files.readAllBytes(lora));
    interact(
        () -> {
          shell.show(Screen.CATALOG);
          shell.selection().select(made.id());
        });
    waitUntil(30, () -> lookup("#inspector-input-1").tryQuery().isPresent());
    assertThat(lookup("#inspector-inputs-part").query().isVisible()).isTrue();
    assertThat(inputText(0)).isEqualTo("ink · weight 0.80 · " + sha.substring(0, 12) + "…");
    assertThat(inputText(1)).isEqualTo("×2 · strength 0.50 · 32 × 32 → 64 × 64");

    clickOn("#inspector-use-settings");
    waitUntil(10, () -> shell.currentScreen() == Screen.GENERATE);
    waitUntil(30, () -> lookup("#generate-lora-name-0").tryQuery().isPresent());
    assertThat(text("#generate-lora-weight-value-0")).isEqualTo("0.80");
    assertThat(form().hires().enabledProperty().get()).isTrue();
    assertThat(form().seedProperty().get()).isEqualTo(5L);
    assertThat(text("#generate-settings-notice"))
        .startsWith("Settings restored from asset " + made.id() + ". LoRAs: ink.safetensors");
  }

  /** A picture made with the LoRA at 0.8 and a ×2 hires pass, as Generate makes it. */
  private Asset made() {
    ModelLibrary.Installed tiny = studio.generation().find(TINY);
    GenerationRequest request =
        new GenerationRequest("a red fox", "", 5, SamplerKind.DDIM, 2, 3.0, 32, 32, 1, 0)
            .withLoras(List.of(new GenerationRequest.LoraChoice(lora, 0.8)))
            .withHires(new GenerationRequest.Hires(2, 0.5));
    GenerationService.Outcome outcome =
        studio
            .generation()
            .generate(
                tiny,
                request,
                home.resolve("made"),
                Pipeline.Listener.NONE,
                CancellationToken.NONE);
    return outcome.variants().getFirst();
  }

  /** The value shown in row {@code row} of the inspector's inputs (a label, or one in a line). */
  private String inputText(int row) {
    Node value = lookup("#inspector-input-" + row).query();
    return value instanceof Label label
        ? label.getText()
        : ((Label) from(value).lookup(".provenance-value").query()).getText();
  }

  /** Generates with the form as it is and waits for the run to be recorded. */
  private Generation generate() throws TimeoutException {
    clickOn("#generate-run");
    waitUntil(
        120,
        () ->
            !shell.generate().runningProperty().get()
                && text("#generate-status").contains("variant in"));
    assertThat(text("#generate-problem")).isEmpty();
    Generation g = studio.catalog().generations().recent(1).getFirst();
    assertThat(g.status()).isEqualTo(Generation.Status.DONE);
    return g;
  }
}
