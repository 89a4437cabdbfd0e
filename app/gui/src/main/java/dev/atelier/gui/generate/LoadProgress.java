package dev.atelier.gui.generate;

import dev.atelier.diffusion.LoadListener;

/**
 * How far loading a model has got, as the screen shows it: "Checking model file… 45 %", then
 * "Loading weights… 80 %".
 *
 * @param text the line for the status
 * @param fraction 0 to 1 within the current phase, or -1 when unknown (a model that loads without
 *     reporting, before its first report)
 */
public record LoadProgress(String text, double fraction) {

  /** Before the first report. */
  static LoadProgress starting(String modelId) {
    return new LoadProgress("Loading model " + modelId + "…", -1);
  }

  /** One report of {@link LoadListener}. */
  static LoadProgress of(LoadListener.Phase phase, long done, long total) {
    double fraction = total <= 0 ? 1 : Math.min(1, done / (double) total);
    String what =
        switch (phase) {
          case VERIFYING -> "Checking model file… ";
          case READING_WEIGHTS -> "Loading weights… ";
        };
    return new LoadProgress(what + (int) Math.floor(fraction * 100) + " %", fraction);
  }
}
