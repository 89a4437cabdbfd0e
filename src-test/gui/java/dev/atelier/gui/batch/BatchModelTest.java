package dev.atelier.gui.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.BatchRepository;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.gui.batch.BatchModel.State;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch panel's model with the built-in model, without a display (every lane on the test
 * thread): a file runs to the end with its counts and last picture; a bad file or no model says
 * why; a run stopped part way is offered, and letting it go closes it.
 */
class BatchModelTest {

  @TempDir Path home;
  private Studio studio;
  private BatchModel batch;
  private final Notices notices = new Notices();

  @BeforeEach
  void open() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    batch =
        new BatchModel(
            studio.generation(),
            studio.catalog(),
            studio.clock(),
            studio.dirs().batches(),
            BackgroundRunner.sameThread(),
            notices);
  }

  @AfterEach
  void close() {
    batch.close();
    studio.close();
  }

  private ModelLibrary.Installed builtIn() {
    return studio.generation().find(null);
  }

  private Path file(String name, String text) throws Exception {
    Path file = home.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void aFileRunsToTheEndWithItsCountsAndTheLastPictureInAFolderOfItsOwn() throws Exception {
    Path prompts = file("series.csv", "prompt,steps,size\nsunset,2,32\nwaves at night,2,32\n");

    batch.run(prompts, builtIn());

    assertThat(batch.stateProperty().get()).isEqualTo(State.FINISHED);
    assertThat(batch.titleProperty().get()).isEqualTo("series.csv");
    assertThat(batch.itemTextProperty().get()).isEqualTo("2 of 2 done");
    assertThat(batch.messageProperty().get()).isEqualTo("2 made. The pictures are in the catalog.");
    assertThat(batch.progressProperty().get()).isEqualTo(1.0);
    assertThat(batch.lastPictureProperty().get().width()).isEqualTo(32);
    BatchRepository.Run run = batch.run();
    assertThat(Path.of(run.outDir()).getParent()).isEqualTo(studio.dirs().batches());
    assertThat(Path.of(run.outDir()).getFileName().toString())
        .isEqualTo("series-" + run.sourceSha256().substring(0, 8));
    assertThat(notices.shown())
        .extracting(Notices.Notice::title)
        .containsExactly("Batch series.csv finished");

    batch.dismiss();
    assertThat(batch.stateProperty().get()).isEqualTo(State.NONE);
  }

  @Test
  void aBadFileOrNoModelSaysWhyAndRunsNothing() throws Exception {
    Path bad = file("bad.csv", "prompt,steps\nsunset,2\nwaves,many\n");

    batch.run(bad, builtIn());

    assertThat(batch.stateProperty().get()).isEqualTo(State.FAILED);
    assertThat(batch.messageProperty().get())
        .contains("line 3, column steps: steps must be a whole number, not \"many\"");
    assertThat(studio.catalog().generations().recent(5)).isEmpty();

    batch.run(bad, null);
    assertThat(batch.messageProperty().get()).isEqualTo("Choose a model on the form first.");
  }

  @Test
  void aRunStoppedPartWayIsOfferedAndLettingItGoClosesIt() {
    long id =
        studio
            .catalog()
            .batches()
            .openRun(
                "ab".repeat(32),
                home.resolve("old.jsonl").toString(),
                home.resolve("out").toString(),
                builtIn().id(),
                List.of("{}", "{}", "{}"),
                studio.clock().instant());

    batch.offerUnfinished();

    assertThat(batch.stateProperty().get()).isEqualTo(State.STOPPED);
    assertThat(batch.titleProperty().get()).isEqualTo("old.jsonl");
    assertThat(batch.itemTextProperty().get()).isEqualTo("0 of 3 done");
    assertThat(batch.messageProperty().get())
        .isEqualTo("Stopped part way. Resume makes the other 3, with " + builtIn().id() + ".");

    batch.letGo();

    assertThat(batch.stateProperty().get()).isEqualTo(State.NONE);
    assertThat(studio.catalog().batches().unfinished()).isEmpty();
    assertThat(studio.catalog().batches().run(id).orElseThrow().closedAt()).isNotNull();
  }
}
