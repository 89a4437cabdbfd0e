package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.QueueFile;
import dev.atelier.generate.StartImages;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Generate screen's queue without a window or a model: order, moving, removing, what runs next
 * after a run ends, and the file that keeps it between sessions (restored paused, with what was
 * left out said).
 */
class GenerationQueueModelTest {

  @TempDir Path dir;
  private final Notices notices = new Notices();

  private GenerationQueueModel queue() {
    return new GenerationQueueModel(
        BackgroundRunner.sameThread(), dir.resolve("queue.json"), notices);
  }

  /** A queue that has read its (empty) file, so that it writes. */
  private GenerationQueueModel restored(ModelChoice... installed) {
    GenerationQueueModel q = queue();
    q.restore(List.of(installed));
    return q;
  }

  /** A model by its id, {@code name@version}: the queue only needs to know which it is. */
  private static ModelChoice model(String id) {
    String[] parts = id.split("@");
    ModelManifest manifest =
        new ModelManifest(
            parts[0], parts[1], "builtin", "", "CC0-1.0", List.of(), null, null, null);
    return ModelChoice.of(new ModelLibrary.Installed(Path.of("/models/" + id), manifest));
  }

  private static GenerationRequest request(String prompt) {
    return new GenerationRequest(prompt, "", 5, SamplerKind.DDIM, 3, 2.0, 32, 32, 1, 1);
  }

  private static List<String> prompts(GenerationQueueModel q) {
    return q.waiting().stream().map(e -> e.request().prompt()).toList();
  }

  @Test
  void entriesWaitInOrderAndMoveUpAndDownWithinTheQueue() {
    GenerationQueueModel q = queue();
    ModelChoice m = model("m@1");
    QueuedGeneration a = q.add(m, request("a"), null);
    QueuedGeneration b = q.add(m, request("b"), null);
    QueuedGeneration c = q.add(m, request("c"), null);
    assertThat(prompts(q)).containsExactly("a", "b", "c");
    assertThat(q.titleProperty().get()).isEqualTo("Queue · 3 waiting");
    assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();

    assertThat(q.moveUp(c)).isTrue();
    assertThat(prompts(q)).containsExactly("a", "c", "b");
    assertThat(q.moveUp(c)).isTrue();
    assertThat(q.moveUp(c)).as("first already").isFalse();
    assertThat(prompts(q)).containsExactly("c", "a", "b");
    assertThat(q.moveDown(a)).isTrue();
    assertThat(q.moveDown(a)).as("last already").isFalse();
    assertThat(prompts(q)).containsExactly("c", "b", "a");

    assertThat(q.remove(b)).isTrue();
    assertThat(q.remove(b)).isFalse();
    assertThat(q.moveUp(b)).as("not waiting").isFalse();
    assertThat(prompts(q)).containsExactly("c", "a");

    q.clear();
    assertThat(q.waiting()).isEmpty();
    assertThat(q.titleProperty().get()).isEqualTo("Queue");
  }

  @Test
  void nextTakesTheFirstWaitingOneAfterARunEndsWhateverHowItEnded() {
    GenerationQueueModel q = queue();
    ModelChoice m = model("m@1");
    QueuedGeneration now = q.entry(m, request("now"), null);
    q.started(now);
    q.add(m, request("second"), null);
    q.add(m, request("third"), null);
    assertThat(q.runningProperty().get()).isSameAs(now);

    // The running one finished (or was cancelled, or failed: the screen calls the same).
    q.ended();
    QueuedGeneration second = q.next().orElseThrow();
    assertThat(second.request().prompt()).isEqualTo("second");
    assertThat(prompts(q)).containsExactly("third");
    q.started(second);
    assertThat(q.runningProperty().get()).isSameAs(second);
    q.ended();
    assertThat(q.next().orElseThrow().request().prompt()).isEqualTo("third");
    assertThat(q.next()).isEmpty();
    assertThat(q.runningProperty().get()).isNull();
  }

  @Test
  void theRunningAndWaitingOnesAreKeptAndComeBackPausedAtTheNextStart() throws Exception {
    ModelChoice tiny = model("tiny@1");
    ModelChoice gone = model("gone@1");
    byte[] rgb = new byte[8 * 8 * 3];
    Path picture = dir.resolve("dunes.png");
    Files.write(picture, new dev.atelier.diffusion.RgbImage(8, 8, rgb).toPng());

    GenerationQueueModel first = restored(tiny, gone);
    QueuedGeneration running = first.entry(tiny, request("running"), null);
    first.started(running);
    first.add(gone, request("for a model removed since"), null);
    first.add(tiny, request("from a picture").withStart(StartImages.read(picture, 0.5)), picture);
    first.add(tiny, request("last"), null);
    first.close(); // the window closes mid-run: the running one stays first in the file

    assertThat(QueueFile.read(dir.resolve("queue.json")).entries())
        .extracting(e -> e.request().prompt())
        .containsExactly("running", "for a model removed since", "from a picture", "last");

    GenerationQueueModel second = queue();
    QueuedGeneration typedEarly = second.add(tiny, request("queued before the read"), null);
    second.restore(List.of(tiny));

    second.restore(List.of(tiny)); // the screen shown again: read once only

    assertThat(prompts(second))
        .containsExactly("running", "from a picture", "last", "queued before the read");
    assertThat(second.waiting().get(1).startFile()).isEqualTo(picture);
    assertThat(second.waiting().get(1).request().start().strength()).isEqualTo(0.5);
    assertThat(second.waiting()).contains(typedEarly);
    assertThat(second.pausedProperty().get()).isTrue();
    assertThat(second.next()).as("paused: nothing starts unasked").isEmpty();
    assertThat(second.noticeProperty().get())
        .isEqualTo(
            "3 generations were waiting when Atelier closed. Run the queue to make them.\n"
                + "Left out of the queue: \"for a model removed since\": the model gone@1 is not"
                + " installed.");

    second.resume();
    assertThat(second.noticeProperty().get()).isEmpty();
    assertThat(second.next().orElseThrow().request().prompt()).isEqualTo("running");
    assertThat(QueueFile.read(dir.resolve("queue.json")).entries())
        .as("written again once read: what waits now")
        .extracting(e -> e.request().prompt())
        .containsExactly("from a picture", "last", "queued before the read");
  }

  @Test
  void nothingIsWrittenBeforeTheFileWasReadNorAfterClose() throws Exception {
    Path file = dir.resolve("queue.json");
    QueueFile.write(file, List.of(new QueueFile.Entry("tiny@1", request("kept"), null)));
    GenerationQueueModel q = queue();
    q.add(model("tiny@1"), request("early"), null);
    assertThat(QueueFile.read(file).entries())
        .extracting(e -> e.request().prompt())
        .containsExactly("kept");

    Files.writeString(file, "not a queue");
    q.restore(List.of(model("tiny@1")));
    assertThat(notices.shown())
        .singleElement()
        .satisfies(
            n -> assertThat(n.title()).isEqualTo("The queue from last time could not be read"));
    q.add(model("tiny@1"), request("later"), null);
    assertThat(Files.readString(file))
        .as("an unreadable file is left alone")
        .isEqualTo("not a queue");
  }
}
