package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Generation;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.QueueFile;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The queue in the real window (JavaFX's headless platform) with the built-in model: while a long
 * generation runs, three more are queued (by the button and by Ctrl+Enter), one is removed, one is
 * moved up with Alt+Up; Escape cancels the running one, and the waiting ones then run one after the
 * other in the queue's order.
 */
class QueueScreenTest extends FxRobot {

  @TempDir Path home;
  private Application app;
  private Studio studio;

  private void launch() throws TimeoutException {
    FxToolkit.registerPrimaryStage();
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    app = FxToolkit.setupApplication(() -> new AtelierApp(() -> studio, () -> Fixtures.ENGINE));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @AfterEach
  void close() throws TimeoutException {
    FxToolkit.cleanupApplication(app);
    FxToolkit.cleanupStages();
  }

  @Test
  void generationsQueuedWhileOneRunsRunInTheQueuesOrder() throws Exception {
    launch();
    waitUntil(30, () -> comboValue("#generate-model") != null);
    assertThat(lookup("#generate-side").query().isVisible()).as("nothing queued").isFalse();
    settings(500, 4, 128); // long enough to queue behind it at leisure
    prompt("a long first run");
    press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    waitUntil(30, () -> text("#generate-status").startsWith("Step"));
    Button run = lookup("#generate-run").queryButton();
    assertThat(run.getText()).isEqualTo("Add to queue");
    assertThat(lookup("#generate-cancel").query().isVisible()).isTrue();

    // The form stays open while it runs: the next ones are small.
    settings(2, 1, 32);
    prompt("second: tide pools");
    clickOn(run);
    prompt("third: to be removed");
    press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    prompt("fourth: moved up");
    clickOn(run);

    waitUntil(5, () -> lookup("#generate-queue").query().isVisible());
    assertThat(text("#generate-queue-title")).isEqualTo("Queue · 3 waiting");
    assertThat(text("#generate-queue-running")).isEqualTo("Now: a long first run");
    assertThat(text("#generate-queue-prompt-0")).isEqualTo("second: tide pools");
    assertThat(text("#generate-queue-prompt-1")).isEqualTo("third: to be removed");
    assertThat(text("#generate-queue-prompt-2")).isEqualTo("fourth: moved up");
    assertThat(text("#generate-queue-detail-0"))
        .isEqualTo("32×32 · 2 steps · DPM++ 2M Karras · 1 variant · atelier-tiny@4");
    assertThat(generations()).hasSize(1);

    clickOn(lookup("#generate-queue-remove-1").queryButton());
    waitUntil(5, () -> text("#generate-queue-title").equals("Queue · 2 waiting"));

    // Keyboard: select the last one, Alt+Up.
    ListView<?> list = lookup("#generate-queue-list").queryAs(ListView.class);
    clickOn("#generate-queue-prompt-1");
    press(KeyCode.ALT, KeyCode.UP).release(KeyCode.UP, KeyCode.ALT);
    waitUntil(5, () -> text("#generate-queue-prompt-0").equals("fourth: moved up"));
    assertThat(text("#generate-queue-prompt-1")).isEqualTo("second: tide pools");
    assertThat(list.getSelectionModel().getSelectedIndex()).isZero();
    assertThat(
            QueueFile.read(AppDirs.under(home).queueFile()).entries().stream()
                .map(e -> e.request().prompt()))
        .as("kept on disk as it is: the running one first")
        .containsExactly("a long first run", "fourth: moved up", "second: tide pools");

    // Escape cancels the running one; the queue goes on.
    press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);

    waitUntil(60, () -> generations().size() == 3 && !isRunning());
    waitUntil(10, () -> !lookup("#generate-side").query().isVisible());
    List<Generation> runs =
        generations().stream().sorted(Comparator.comparingLong(Generation::id)).toList();
    assertThat(runs)
        .extracting(Generation::prompt)
        .containsExactly("a long first run", "fourth: moved up", "second: tide pools");
    assertThat(runs)
        .extracting(Generation::status)
        .containsExactly(
            Generation.Status.CANCELLED, Generation.Status.DONE, Generation.Status.DONE);
    assertThat(runs.get(1).steps()).isEqualTo(2);
    assertThat(run.getText()).isEqualTo("Generate");
    assertThat(text("#generate-status")).matches("1 variant in .* steps/s");
    assertThat(QueueFile.read(AppDirs.under(home).queueFile()).entries()).isEmpty();
  }

  @Test
  void aQueueLeftAtCloseComesBackPausedAndRunsWhenAsked() throws Exception {
    List<QueueFile.Entry> left =
        List.of(
            new QueueFile.Entry(
                "atelier-tiny@4",
                new GenerationRequest(
                    "sunset kept from last time", "", 3, SamplerKind.DDIM, 2, 3, 32, 32, 1, 1),
                null),
            new QueueFile.Entry(
                "atelier-tiny@4",
                new GenerationRequest("waves, ember", "", 4, SamplerKind.DDIM, 2, 3, 32, 32, 1, 1),
                null),
            new QueueFile.Entry(
                "uninstalled@1",
                new GenerationRequest("gone", "", 5, SamplerKind.DDIM, 2, 3, 32, 32, 1, 1),
                null));
    QueueFile.write(AppDirs.under(home).queueFile(), left);
    launch();

    waitUntil(30, () -> lookup("#generate-queue-run").query().isVisible());
    assertThat(text("#generate-queue-title")).isEqualTo("Queue · 2 waiting");
    assertThat(text("#generate-queue-notice"))
        .isEqualTo(
            "2 generations were waiting when Atelier closed. Run the queue to make them.\n"
                + "Left out of the queue: \"gone\": the model uninstalled@1 is not installed.");
    assertThat(generations()).as("nothing starts unasked").isEmpty();

    clickOn("#generate-queue-run");

    waitUntil(60, () -> generations().size() == 2 && !isRunning());
    assertThat(
            generations().stream()
                .sorted(Comparator.comparingLong(Generation::id))
                .map(Generation::prompt))
        .containsExactly("sunset kept from last time", "waves, ember");
    waitUntil(10, () -> !lookup("#generate-side").query().isVisible());
  }

  private List<Generation> generations() {
    return studio.catalog().generations().recent(20);
  }

  private boolean isRunning() {
    return lookup("#generate-cancel").query().isVisible();
  }

  private void prompt(String text) {
    TextArea prompt = lookup("#generate-prompt").queryAs(TextArea.class);
    interact(() -> prompt.setText(text));
  }

  private void settings(int steps, int variants, int side) {
    interact(
        () -> {
          spinner("#generate-steps").getValueFactory().setValue(steps);
          spinner("#generate-variants").getValueFactory().setValue(variants);
          spinner("#generate-width").getValueFactory().setValue(side);
          spinner("#generate-height").getValueFactory().setValue(side);
        });
  }

  @SuppressWarnings("unchecked")
  private Spinner<Integer> spinner(String query) {
    return (Spinner<Integer>) lookup(query).query();
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
