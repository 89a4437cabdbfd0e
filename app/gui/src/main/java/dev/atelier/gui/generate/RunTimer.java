package dev.atelier.gui.generate;

import java.time.Clock;
import java.util.Locale;

/**
 * The status line of a running generation, its seconds counted from the run's start whenever it is
 * asked (the screen asks about once a second), so that a slow model's minute-long step does not
 * look frozen; the speed is that of the steps done. Used on the screen thread.
 */
final class RunTimer {

  private final Clock clock;

  /** When the run's steps began, in {@link Clock#millis()}; -1 when no run is timed. */
  private long startMillis = -1;

  /** The latest step done, or null before the first. */
  private ProgressRelay.Update last;

  RunTimer(Clock clock) {
    this.clock = clock;
  }

  /** A run's steps began at {@code millis} (of this timer's clock). */
  void started(long millis) {
    startMillis = millis;
    last = null;
  }

  /** A step ended. */
  void stepped(ProgressRelay.Update u) {
    last = u;
  }

  /** No run is timed any more. */
  void stopped() {
    startMillis = -1;
    last = null;
  }

  boolean running() {
    return startMillis >= 0;
  }

  /**
   * "Starting… · 12.0 s" before the first step, then "Step 1 of 3 · 53.1 s · 0.02 steps/s": the
   * seconds until now, the speed as of the last step done.
   */
  String text() {
    double now = Math.max(0, (clock.millis() - startMillis) / 1000.0);
    if (last == null) {
      return String.format(Locale.ROOT, "Starting… · %.1f s", now);
    }
    return ProgressRelay.progressText(
        last.step(), last.total(), Math.max(now, last.seconds()), last.seconds());
  }
}
