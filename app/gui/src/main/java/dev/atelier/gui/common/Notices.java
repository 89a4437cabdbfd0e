package dev.atelier.gui.common;

import dev.atelier.io.Failures;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Messages for the artist that are not tied to one field: finished work ("Minted token 3"), and
 * failures in plain words. The shell shows them as toasts; information fades, errors stay until
 * dismissed. Used on the JavaFX thread only (background results arrive there through {@link
 * BackgroundRunner}).
 */
public final class Notices {

  /** One message. */
  public record Notice(Kind kind, String title, String detail) {
    public Notice {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(title, "title");
      detail = detail == null ? "" : detail;
    }
  }

  /** How a notice is shown. */
  public enum Kind {
    INFO,
    ERROR
  }

  private final ObservableList<Notice> shown = FXCollections.observableArrayList();

  /**
   * One read-only view, kept: a view made per call listens to {@link #shown} only weakly, so a
   * listener added to it stops hearing once the view is garbage-collected.
   */
  private final ObservableList<Notice> shownView = FXCollections.unmodifiableObservableList(shown);

  /** Something finished or changed. */
  public void info(String title, String detail) {
    shown.add(new Notice(Kind.INFO, title, detail));
  }

  /** Something failed: {@code title} says what, {@code problem}'s message why. */
  public void error(String title, Throwable problem) {
    shown.add(new Notice(Kind.ERROR, title, message(problem)));
  }

  /** Something failed, said in words. */
  public void error(String title, String detail) {
    shown.add(new Notice(Kind.ERROR, title, detail));
  }

  /** The notices not dismissed yet, oldest first. */
  public ObservableList<Notice> shown() {
    return shownView;
  }

  public void dismiss(Notice notice) {
    shown.remove(notice);
  }

  /** The message of a failure, looking through wrappers that only add a class name. */
  public static String message(Throwable problem) {
    return Failures.describe(problem);
  }
}
