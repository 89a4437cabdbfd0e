package dev.atelier.gui.common;

/** Where a screen's list stands ({@link LoadStatus} holds it); views pick what to show from it. */
public enum LoadState {
  /** Not loaded yet. */
  LOADING,
  /** Loaded, and there is nothing to list. */
  EMPTY,
  /** Loaded, with rows. */
  READY,
  /** Loading failed; the view-model has the reason. */
  FAILED;
}
