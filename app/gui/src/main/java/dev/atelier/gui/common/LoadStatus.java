package dev.atelier.gui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Where the list of one screen (or one part of it) stands, and why loading failed: the one way
 * every screen says it. The rule for errors across the studio:
 *
 * <ul>
 *   <li>loading what a screen lists failed: {@link #failed}, and the {@link LoadStatePane} shows
 *       "Could not read …" in the list's place;
 *   <li>a form was refused: the form's own problem line, next to the fields;
 *   <li>an action failed (saving, exporting, starting the devnet): a {@link Notices#error} toast.
 * </ul>
 *
 * Used on the JavaFX thread.
 */
public final class LoadStatus {

  private final String what;
  private final ReadOnlyObjectWrapper<LoadState> state =
      new ReadOnlyObjectWrapper<>(this, "state", LoadState.LOADING);
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

  /**
   * @param what what is read, for the error: "the catalog", "the networks"
   */
  public LoadStatus(String what) {
    this.what = what;
  }

  /** Loaded {@code rows} rows: {@link LoadState#EMPTY} or {@link LoadState#READY}. */
  public void loaded(long rows) {
    error.set("");
    state.set(rows == 0 ? LoadState.EMPTY : LoadState.READY);
  }

  /** Not loaded (again): {@link LoadState#LOADING}, no error. */
  public void reset() {
    error.set("");
    state.set(LoadState.LOADING);
  }

  /** Loading failed: {@link LoadState#FAILED}, with the reason in words. */
  public void failed(Throwable problem) {
    error.set(readError(problem));
    state.set(LoadState.FAILED);
  }

  /** A later part (a page) could not be read: says so, without hiding what is shown. */
  public void partFailed(Throwable problem) {
    error.set(readError(problem));
  }

  private String readError(Throwable problem) {
    return "Could not read " + what + ": " + Notices.message(problem);
  }

  public ReadOnlyObjectProperty<LoadState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** Why loading failed, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
