package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.config.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A batch file run from the studio (JavaFX's headless platform, the built-in model): the panel
 * shows item n of N with its prompt and a bar; the window closes during the third of four items; at
 * the next start the panel offers the run stopped part way, and Resume makes exactly the two items
 * left, so the batch ends with one picture per line.
 */
class BatchScreenTest extends FxRobot {

  @TempDir Path home;
  private Application app;

  private void launch() throws TimeoutException {
    FxToolkit.registerPrimaryStage();
    app =
        FxToolkit.setupApplication(
            () ->
                new AtelierApp(
                    () -> Studio.start(AppDirs.under(home), Clock.systemUTC()),
                    () -> Fixtures.ENGINE));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @AfterEach
  void close() throws TimeoutException {
    System.clearProperty("atelier.batch");
    if (app != null) {
      FxToolkit.cleanupApplication(app);
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void aBatchClosedAfterTwoItemsIsOfferedAtTheNextStartAndResumesToOnePicturePerLine()
      throws Exception {
    Path prompts = home.resolve("prompts.csv");
    // The third line is long, so that the window closes while it runs.
    Files.writeString(
        prompts, "prompt,steps,size\nsunset,2,32\nwaves,2,32\nmountains,150,32\nstarfield,2,32\n");
    // What "Run batch file…" does with the file its chooser returns, with the form's model.
    System.setProperty("atelier.batch", prompts.toString());
    launch();
    System.clearProperty("atelier.batch");

    waitUntil(60, () -> text("#batch-item").equals("Item 3 of 4"));
    assertThat(text("#batch-title")).isEqualTo("Batch · prompts.csv");
    assertThat(text("#batch-prompt")).isEqualTo("mountains");
    assertThat(lookup("#batch-cancel").query().isVisible()).isTrue();
    assertThat(lookup("#generate-batch-run").query().isDisabled()).isTrue();
    double bar = lookup("#batch-progress").queryAs(ProgressBar.class).getProgress();
    assertThat(bar).isBetween(0.5, 0.75);

    FxToolkit.cleanupApplication(app); // the window closes mid-item
    app = null;
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      assertThat(catalog.batches().unfinished())
          .singleElement()
          .satisfies(r -> assertThat(r.done()).isEqualTo(2));
    }

    launch();
    waitUntil(30, () -> lookup("#batch-resume").query().isVisible());
    assertThat(text("#batch-title")).isEqualTo("Batch · prompts.csv");
    assertThat(text("#batch-item")).isEqualTo("2 of 4 done");
    assertThat(text("#batch-message"))
        .isEqualTo("Stopped part way. Resume makes the other 2, with atelier-tiny@4.");
    assertThat(comboValue("#generate-model")).isNotNull();

    clickOn("#batch-resume");

    waitUntil(90, () -> lookup("#batch-close").query().isVisible());
    assertThat(text("#batch-item")).isEqualTo("4 of 4 done");
    assertThat(text("#batch-message"))
        .isEqualTo("2 made, 2 done before. The pictures are in the catalog.");
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      BatchRepository.Run run = catalog.batches().run(1).orElseThrow();
      assertThat(run.done()).isEqualTo(4);
      assertThat(run.closedAt()).isNotNull();
      List<BatchRepository.Item> items = catalog.batches().items(run.id());
      assertThat(items).extracting(BatchRepository.Item::generationId).doesNotHaveDuplicates();
      List<Generation> all = catalog.generations().recent(20);
      assertThat(all)
          .filteredOn(g -> g.status() == Generation.Status.DONE)
          .extracting(Generation::prompt)
          .containsExactlyInAnyOrder("sunset", "waves", "mountains", "starfield");
      assertThat(all)
          .as("the item the window closed on")
          .filteredOn(g -> g.status() != Generation.Status.DONE)
          .extracting(Generation::prompt)
          .containsExactly("mountains");
      try (var files = Files.list(Path.of(run.outDir()))) {
        assertThat(files.filter(f -> f.toString().endsWith(".png"))).hasSize(4);
      }
      assertThat(Path.of(run.outDir())).hasParent(AppDirs.under(home).batches());
    }

    clickOn("#batch-close");
    waitUntil(5, () -> !lookup("#batch-panel").query().isVisible());
  }

  private Object comboValue(String query) {
    return lookup(query).queryAs(ComboBox.class).getValue();
  }

  private String text(String query) {
    Node node = lookup(query).query();
    return ((Label) node).getText();
  }

  private static void waitUntil(int seconds, Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
