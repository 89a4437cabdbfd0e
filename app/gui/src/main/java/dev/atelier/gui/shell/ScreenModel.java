package dev.atelier.gui.shell;

/** The view-model of one screen, told by the shell when its screen is shown. */
public interface ScreenModel {

  /** The screen became visible: load or refresh what it shows (in the background). */
  void activate();
}
