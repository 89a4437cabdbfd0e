package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.Studio;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.diffusion.tiny.TinyDiffusionModel;
import dev.atelier.diffusion.tiny.TinyModelAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One session loads a model once, keeps it, swaps it, and frees it when the studio stops. */
class GenerationSessionTest {

  @TempDir Path dir;

  private static GenerationRequest request(String prompt) {
    return new GenerationRequest(prompt, "", 3, SamplerKind.DDIM, 2, 2, 32, 32, 1, 0);
  }

  @Test
  void loadsOnceKeepsTheModelAndSwapsItForAnother() throws Exception {
    Path a = TestModels.smallModel(dir.resolve("models"), 1);
    Path b = dir.resolve("models/other");
    Files.createDirectories(b);
    try (var files = Files.list(a)) {
      for (Path f : files.toList()) {
        Files.copy(f, b.resolve(f.getFileName()));
      }
    }
    Path manifest = b.resolve("model.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"test-tiny\"", "\"other-tiny\""));
    ModelLibrary library = new ModelLibrary(List.of(dir.resolve("models")));
    ModelLibrary.Installed first = library.find("test-tiny");
    ModelLibrary.Installed second = library.find("other-tiny");
    try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        GenerationSession session = new GenerationSession(library, catalog, Clock.systemUTC())) {
      DiffusionModel loaded = session.load(first);
      assertThat(session.load(first)).as("kept, not loaded again").isSameAs(loaded);
      assertThat(session.isLoaded(first.id())).isTrue();

      GenerationService.Outcome outcome =
          session.generate(
              first, request("sunset"), dir.resolve("out"), Pipeline.Listener.NONE, () -> false);
      assertThat(outcome.generation().status()).isEqualTo(Generation.Status.DONE);
      assertThat(session.load(first)).as("generating used the kept model").isSameAs(loaded);

      DiffusionModel other = session.load(second);
      assertThat(other).isNotSameAs(loaded);
      assertThat(TinyModelAccess.open((TinyDiffusionModel) loaded))
          .as("the first model was closed when the other was asked for")
          .isFalse();
      assertThat(TinyModelAccess.open((TinyDiffusionModel) other)).isTrue();
      assertThat(session.load(first)).as("loaded afresh").isNotSameAs(loaded);
    }
  }

  @Test
  void aPromptTheModelCannotHonourIsRefusedBeforeAnythingIsRecorded() {
    Path model = TestModels.smallModel(dir.resolve("models"), 1);
    ModelLibrary library = new ModelLibrary(List.of(model.getParent()));
    ModelLibrary.Installed installed = library.find("test-tiny");
    try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        GenerationSession session = new GenerationSession(library, catalog, Clock.systemUTC())) {
      GenerationRequest tooLong = request("waves " + "and more ".repeat(40));
      assertThatThrownBy(() -> session.check(installed, tooLong))
          .isInstanceOf(PromptException.class);
      assertThatThrownBy(
              () ->
                  session.generate(
                      installed, tooLong, dir.resolve("out"), Pipeline.Listener.NONE, () -> false))
          .isInstanceOf(PromptException.class)
          .hasMessageStartingWith("The prompt is 81 words long; test-tiny@1 reads at most 75");
      assertThat(catalog.generations().count()).isZero();
      assertThat(session.advice(installed, "concentric rings")).isPresent();
      assertThat(session.advice(installed, "mountains")).isEmpty();
    }
  }

  @Test
  void theStudioOwnsTheSessionAndClosingTheStudioFreesTheModel() {
    Path model = TestModels.smallModel(dir.resolve("home/data/models"), 1);
    Studio studio = Studio.start(AppDirs.under(dir.resolve("home")), Clock.systemUTC());
    GenerationSession session = studio.generation();
    ModelLibrary.Installed installed = session.find("test-tiny");
    assertThat(installed.dir()).isEqualTo(model);
    TinyDiffusionModel loaded = (TinyDiffusionModel) session.load(installed);

    studio.close();

    assertThat(TinyModelAccess.open(loaded)).isFalse();
    assertThatThrownBy(() -> session.load(installed)).isInstanceOf(IllegalStateException.class);
  }
}
