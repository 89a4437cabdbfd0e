package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch file meets the same prompt rules as the studio and the command line, line by line. */
class BatchPromptCheckTest {

  @TempDir Path dir;

  private static DiffusionModel builtIn() {
    Path models = Path.of(System.getProperty(ModelLibrary.BUNDLED_PROPERTY));
    return ModelLibrary.load(new ModelLibrary(List.of(models)).find("atelier-tiny"));
  }

  @Test
  void everyLineTooLongOrBlankIsNamedBeforeAnythingRuns() throws Exception {
    Path file = dir.resolve("prompts.jsonl");
    String huge = "sunset over the sea ".repeat(250).strip();
    Files.writeString(
        file,
        "{\"prompt\": \"waves\"}\n"
            + "{\"prompt\": \""
            + huge
            + "\"}\n"
            + "{\"prompt\": \"mountains\", \"negative\": \""
            + "fog ".repeat(80).strip()
            + "\"}\n");
    try (DiffusionModel model = builtIn()) {
      assertThatThrownBy(() -> BatchService.resolve(BatchFile.read(file), model, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has errors (nothing was generated)")
          .hasMessageContaining(
              "line 2: The prompt is 1000 words long; " + model.id() + " reads at most 75 words.")
          .hasMessageContaining("line 3: The negative prompt is 80 words long;")
          .hasMessageNotContaining("line 1");
    }
  }

  @Test
  void promptsWithinTheLimitResolveAsWithoutTheModel() throws Exception {
    Path file = dir.resolve("prompts.csv");
    Files.writeString(file, "prompt,seed\nconcentric rings in ocean colours,4\nsunset,5\n");
    try (DiffusionModel model = builtIn()) {
      List<BatchItem> items = BatchService.resolve(BatchFile.read(file), model, 1);
      assertThat(items).isEqualTo(BatchService.resolve(BatchFile.read(file), model.defaults(), 1));
      assertThat(items).extracting(i -> i.settings().seed()).containsExactly(4L, 5L);
    }
  }

  @Test
  void aBlankPromptIsRefusedByTheFileItself() throws Exception {
    Path file = dir.resolve("prompts.csv");
    Files.writeString(file, "prompt,seed\nsunset,1\n   ,2\n");
    assertThatThrownBy(() -> BatchFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("line 3: no prompt");
  }
}
