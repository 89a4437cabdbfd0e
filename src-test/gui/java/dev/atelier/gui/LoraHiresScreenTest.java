package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.gui.generate.ModelChoice;
import dev.atelier.hashing.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LoRAs and the hires fix in the real window (JavaFX's headless platform) on a small runnable
 * Stable Diffusion checkpoint imported into a temporary studio: a LoRA added to the form is merged
 * at the weight its slider says and recorded by hash and weight, removed it is gone from the next
 * run; a file that is no LoRA is refused in the core's words; the hires fix makes larger pictures
 * in the same run and the catalog keeps the pass; the built-in model shows the LoRAs disabled, with
 * why.
 */
class LoraHiresScreenTest extends StudioWindowTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");
  private static final String TINY = "tiny@1";

  @Override
  void beforeWindow() throws Exception {
    Path checkpoint = RunnableCheckpoints.write(home.resolve("Downloads/tiny.safetensors"), 7);
    CheckpointImport.run(
        checkpoint, studio.generation().library().roots().getLast(), "tiny", null, null, null);
  }

  @BeforeEach
  void modelsListed() throws Exception {
    waitUntil(30, () -> form().models().stream().anyMatch(c -> c.id().equals(TINY)));
  }

  @Test
  void aLoraIsMergedAtItsWeightRecordedByHashAndGoneOnceRemoved() throws Exception {
    choose(TINY);
    assertThat(lookup("#generate-lora-add").queryButton().isDisabled()).isFalse();
    assertThat(lookup("#generate-lora-reason").query().isVisible()).isFalse();

    // What "Add LoRA…" does with the file the chooser returns.
    interact(() -> form().loras().add(LORA));
    waitUntil(30, () -> lookup("#generate-lora-name-0").tryQuery().isPresent());
    assertThat(text("#generate-lora-name-0")).isEqualTo("lora.safetensors");
    assertThat(text("#generate-lora-weight-value-0")).isEqualTo("1.00");

    // The weight by keyboard: four blocks of 0.05 down.
    Slider weight = lookup("#generate-lora-weight-0").queryAs(Slider.class);
    interact(weight::requestFocus);
    type(KeyCode.LEFT, 4);
    waitUntil(5, () -> text("#generate-lora-weight-value-0").equals("0.80"));

    // A file that is no LoRA: the core's words, and the list stays.
    Path notes = Files.writeString(home.resolve("notes.safetensors"), "not a LoRA");
    interact(() -> form().loras().add(notes));
    waitUntil(30, () -> lookup("#generate-problem").query().isVisible());
    assertThat(text("#generate-problem")).contains("notes.safetensors");
    assertThat(form().loras().entries()).hasSize(1);

    Generation withLora = generate("a red fox");
    String sha = Hashes.sha256Hex(Files.readAllBytes(LORA));
    assertThat(studio.catalog().generations().inputs(withLora.id()))
        .containsExactly(new GenerationInput(GenerationInput.Role.LORA, sha, 0.8));
    assertThat(text("#generate-lora-name-0"))
        .as("kept for the next run")
        .isEqualTo("lora.safetensors");
    assertThat(text("#generate-lora-notice"))
        .as("the notice is empty or names the file")
        .matches("|.*lora\\.safetensors.*");

    clickOn("#generate-lora-remove-0");
    waitUntil(5, () -> form().loras().entries().isEmpty());
    Generation without = generate("a red fox again");
    assertThat(without.id()).isNotEqualTo(withLora.id());
    assertThat(studio.catalog().generations().inputs(without.id())).isEmpty();
  }

  @Test
  void theHiresFixMakesLargerPicturesInTheSameRunAndIsRecorded() throws Exception {
    choose(TINY);
    assertThat(lookup("#generate-hires-output").query().isVisible()).isFalse();
    // By keyboard: the check box sits below the fold of the form's scroll.
    interact(() -> lookup("#generate-hires").query().requestFocus());
    type(KeyCode.SPACE);
    waitUntil(5, () -> lookup("#generate-hires-output").query().isVisible());
    assertThat(text("#generate-hires-output")).isEqualTo("→ 48×48 · 2 more steps");
    assertThat(text("#generate-hires-strength-value")).isEqualTo("0.50");

    Generation g = generate("a lighthouse");

    assertThat(studio.catalog().generations().hires(g.id())).contains(new HiresPass(1.5, 0.5));
    Asset variant = studio.catalog().assets().ofGeneration(g.id()).getFirst();
    assertThat(variant.width()).isEqualTo(48);
    assertThat(variant.height()).isEqualTo(48);
    assertThat(shell.generate().results().variants().getFirst().imageProperty().get().width())
        .isEqualTo(48);
    assertThat(g.width()).as("the first pass's size").isEqualTo(32);
  }

  @Test
  void theBuiltInModelShowsTheLorasDisabledWithWhy() throws Exception {
    ModelChoice builtIn =
        form().models().stream().filter(c -> !c.takesLoras()).findFirst().orElseThrow();
    interact(() -> form().modelProperty().set(builtIn));
    waitUntil(5, () -> lookup("#generate-lora-reason").query().isVisible());
    assertThat(text("#generate-lora-reason"))
        .isEqualTo("Built-in models take no LoRAs: they apply to Stable Diffusion checkpoints.");
    assertThat(lookup("#generate-lora-add").queryButton().isDisabled()).isTrue();

    choose(TINY);
    waitUntil(5, () -> !lookup("#generate-lora-reason").query().isVisible());
    assertThat(lookup("#generate-lora-add").queryButton().isDisabled()).isFalse();
  }

  private void choose(String id) {
    ModelChoice choice =
        form().models().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    interact(
        () -> {
          form().modelProperty().set(choice);
          spinner("#generate-steps").getValueFactory().setValue(4);
          spinner("#generate-variants").getValueFactory().setValue(1);
          spinner("#generate-width").getValueFactory().setValue(32);
          spinner("#generate-height").getValueFactory().setValue(32);
        });
  }

  /** Generates with {@code prompt} and waits for the run to be recorded. */
  private Generation generate(String prompt) throws TimeoutException {
    interact(() -> form().promptProperty().set(prompt));
    clickOn("#generate-run");
    waitUntil(
        120,
        () ->
            !shell.generate().runningProperty().get()
                && text("#generate-status").contains("variant in"));
    assertThat(text("#generate-problem")).isEmpty();
    Generation g = studio.catalog().generations().recent(1).getFirst();
    assertThat(g.prompt()).isEqualTo(prompt);
    assertThat(g.status()).isEqualTo(Generation.Status.DONE);
    return g;
  }
}
