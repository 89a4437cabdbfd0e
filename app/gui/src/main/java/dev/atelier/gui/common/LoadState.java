package dev.atelier.gui.common;

/** Where a screen's list stands; views pick what to show from it. */
public enum LoadState {
  /** Not loaded yet. */
  LOADING,
  /** Loaded, and there is nothing to list. */
  EMPTY,
  /** Loaded, with rows. */
  READY,
  /** Loading failed; the view-model has the reason. */
  FAILED;

  /** {@link #EMPTY} or {@link #READY}, depending on the number of rows. */
  public static LoadState of(int rows) {
    return rows == 0 ? EMPTY : READY;
  }
}
