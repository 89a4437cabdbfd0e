package dev.atelier.gui.generate;

import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.QueueFile;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Generations waiting their turn on the Generate screen: Generate pressed while one runs adds the
 * form's settings here, and when a run ends the first waiting one starts ({@link #next()}). The
 * artist reorders them, removes them or clears the queue; the running one is cancelled on the
 * screen as always.
 *
 * <p>Nothing is lost on close: the running generation and the waiting ones are written to the queue
 * file ({@link QueueFile}) on every change, in the background and in order. At the next start they
 * are {@link #restore(List) read back} in front of anything queued since, and the queue is
 * {@linkplain #pausedProperty() paused} until the artist runs it ({@link #resume()}): a window that
 * opens does not start hours of work unasked. Entries whose model is gone or whose start picture
 * changed are left out, and the notice says which and why. Until that read has happened nothing is
 * written, so an early change cannot overwrite the file before it is read.
 *
 * <p>Used on the JavaFX thread.
 */
public final class GenerationQueueModel {

  private final Lane files;
  private final Path file;
  private final Notices notices;

  private final ObservableList<QueuedGeneration> waiting = FXCollections.observableArrayList();
  private final ObservableList<QueuedGeneration> waitingView =
      FXCollections.unmodifiableObservableList(waiting);
  private final ReadOnlyObjectWrapper<QueuedGeneration> running =
      new ReadOnlyObjectWrapper<>(this, "running");
  private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
  private final StringBinding title;

  private long ids;
  private boolean restoreAsked;
  private boolean restored;
  private boolean closed;

  /**
   * @param files writes the queue file, one write after the other
   * @param file the queue file
   * @param notices says when the file cannot be read or written
   */
  GenerationQueueModel(Lane files, Path file, Notices notices) {
    this.files = Objects.requireNonNull(files);
    this.file = Objects.requireNonNull(file);
    this.notices = Objects.requireNonNull(notices);
    title =
        Bindings.createStringBinding(
            () -> waiting.isEmpty() ? "Queue" : "Queue · " + waiting.size() + " waiting", waiting);
  }

  // ---- the artist's commands --------------------------------------------------------------

  /** Adds a generation at the end of the queue. */
  QueuedGeneration add(ModelChoice model, GenerationRequest request, Path startFile) {
    QueuedGeneration entry = entry(model, request, startFile);
    waiting.add(entry);
    save();
    return entry;
  }

  /** A generation to run now, without queueing it (it is recorded as running when it starts). */
  QueuedGeneration entry(ModelChoice model, GenerationRequest request, Path startFile) {
    return new QueuedGeneration(++ids, model, request, startFile);
  }

  /** Moves a waiting generation one place earlier; false when it is first or not waiting. */
  public boolean moveUp(QueuedGeneration entry) {
    return move(entry, -1);
  }

  /** Moves a waiting generation one place later; false when it is last or not waiting. */
  public boolean moveDown(QueuedGeneration entry) {
    return move(entry, 1);
  }

  private boolean move(QueuedGeneration entry, int by) {
    int at = waiting.indexOf(entry);
    int to = at + by;
    if (at < 0 || to < 0 || to >= waiting.size()) {
      return false;
    }
    waiting.remove(at);
    waiting.add(to, entry);
    save();
    return true;
  }

  /** Takes a waiting generation out of the queue; false when it is not waiting. */
  public boolean remove(QueuedGeneration entry) {
    boolean removed = waiting.remove(entry);
    if (removed) {
      save();
    }
    return removed;
  }

  /** Takes every waiting generation out (the running one goes on). */
  public void clear() {
    if (!waiting.isEmpty()) {
      waiting.clear();
      save();
    }
    paused.set(false);
    notice.set("");
  }

  /** Lets a paused queue run: the next run ends, or the screen starts one now if it is idle. */
  void resume() {
    paused.set(false);
    notice.set("");
  }

  // ---- the screen's side ------------------------------------------------------------------

  /**
   * The first waiting generation, taken out of the queue; empty when none waits, the queue is
   * paused, or it is closed.
   */
  Optional<QueuedGeneration> next() {
    if (closed || paused.get() || waiting.isEmpty()) {
      return Optional.empty();
    }
    QueuedGeneration first = waiting.removeFirst();
    save();
    return Optional.of(first);
  }

  /** {@code entry} runs now: until it ends it is kept in the file, first. */
  void started(QueuedGeneration entry) {
    running.set(Objects.requireNonNull(entry));
    save();
  }

  /** The running generation ended (made its pictures, was cancelled, or failed). */
  void ended() {
    if (running.get() != null) {
      running.set(null);
      save();
    }
  }

  /**
   * Reads back what was queued when the studio closed, in the background, and puts it in front of
   * the queue, paused. Call once, with the installed models; entries for other models are left out.
   */
  void restore(List<ModelChoice> installed) {
    if (restoreAsked || closed) {
      return;
    }
    restoreAsked = true;
    Map<String, ModelChoice> byId =
        installed.stream()
            .collect(
                Collectors.toMap(ModelChoice::id, Function.identity(), (first, same) -> first));
    files.run(
        () -> QueueFile.read(file),
        contents -> restored(contents, byId),
        error -> {
          // The file stays as it is: nothing is written over it this session.
          notices.error("The queue from last time could not be read", error);
        });
  }

  private void restored(QueueFile.Contents contents, Map<String, ModelChoice> installed) {
    if (closed) {
      return;
    }
    restored = true;
    List<QueuedGeneration> back = new ArrayList<>();
    List<String> leftOut = new ArrayList<>(contents.leftOut());
    for (QueueFile.Entry e : contents.entries()) {
      ModelChoice model = installed.get(e.modelId());
      if (model == null) {
        leftOut.add(
            "\"" + e.request().prompt() + "\": the model " + e.modelId() + " is not installed");
      } else {
        back.add(entry(model, e.request(), e.startFile()));
      }
    }
    waiting.addAll(0, back);
    paused.set(!back.isEmpty());
    notice.set(noticeText(back.size(), leftOut));
    save();
  }

  static String noticeText(int restored, List<String> leftOut) {
    StringBuilder s = new StringBuilder();
    if (restored > 0) {
      s.append(restored == 1 ? "1 generation was" : restored + " generations were")
          .append(" waiting when Atelier closed. Run the queue to make ")
          .append(restored == 1 ? "it." : "them.");
    }
    if (!leftOut.isEmpty()) {
      if (!s.isEmpty()) {
        s.append('\n');
      }
      s.append("Left out of the queue: ").append(String.join("; ", leftOut)).append('.');
    }
    return s.toString();
  }

  /**
   * Writes nothing more and waits for the writes under way; what runs and waits now stays in the
   * file for the next start.
   */
  void close() {
    closed = true;
    files.close();
  }

  /** Writes the running and waiting generations, in the background, after the ones before. */
  private void save() {
    if (!restored || closed) {
      return;
    }
    List<QueueFile.Entry> entries = new ArrayList<>();
    if (running.get() != null) {
      entries.add(running.get().toEntry());
    }
    waiting.forEach(e -> entries.add(e.toEntry()));
    files.run(
        () -> {
          QueueFile.write(file, entries);
          return file;
        },
        saved -> {},
        error -> notices.error("The queue could not be saved", error));
  }

  // ---- properties -----------------------------------------------------------------------

  /** The generations waiting, in the order they will run. */
  public ObservableList<QueuedGeneration> waiting() {
    return waitingView;
  }

  /** The generation running now, or null. */
  public ReadOnlyObjectProperty<QueuedGeneration> runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** True while restored generations wait for the artist to run the queue. */
  public ReadOnlyBooleanProperty pausedProperty() {
    return paused.getReadOnlyProperty();
  }

  /** What was brought back from last time, and what was left out; empty when nothing. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** "Queue · 2 waiting". */
  public StringBinding titleProperty() {
    return title;
  }
}
