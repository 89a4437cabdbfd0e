package dev.atelier.gui.generate;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.gui.common.Lane;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Carries step counts and previews from the generation thread to the screen, never more than one
 * update waiting: a slow screen sees the latest state, not a queue of old ones.
 */
final class ProgressRelay implements Pipeline.Listener {

  /** The latest progress: step of total, seconds so far, and the newest previews (or null). */
  record Update(int step, int total, double seconds, List<RgbImage> previews) {

    double fraction() {
      return total == 0 ? 0 : step / (double) total;
    }

    String text() {
      return progressText(step, total, seconds, seconds);
    }
  }

  private final Lane thread;
  private final Clock clock;
  private final long startMillis;
  private final Consumer<Update> onScreen;
  private final AtomicReference<Update> pending = new AtomicReference<>();

  /**
   * @param startMillis when the steps began, in {@code clock}'s {@link Clock#millis()}
   * @param onScreen shows an update; runs through {@link Lane#toScreen}
   */
  ProgressRelay(Lane thread, Clock clock, long startMillis, Consumer<Update> onScreen) {
    this.thread = thread;
    this.clock = clock;
    this.startMillis = startMillis;
    this.onScreen = onScreen;
  }

  @Override
  public void onStep(int step, int total) {
    post(step, total, null);
  }

  @Override
  public void onPreview(int step, int total, List<RgbImage> previews) {
    post(step, total, List.copyOf(previews));
  }

  private void post(int step, int total, List<RgbImage> previews) {
    double seconds = (clock.millis() - startMillis) / 1000.0;
    Update previous =
        pending.getAndUpdate(
            old ->
                new Update(
                    step,
                    total,
                    seconds,
                    previews != null ? previews : old == null ? null : old.previews()));
    if (previous == null) {
      thread.toScreen(this::deliver);
    }
  }

  private void deliver() {
    Update u = pending.getAndSet(null);
    if (u != null) {
      onScreen.accept(u);
    }
  }

  /**
   * "Step 1 of 3 · 53.1 s · 0.02 steps/s".
   *
   * @param seconds since the run began
   * @param stepSeconds from the run's start to the end of step {@code step}: the speed is of the
   *     steps done
   */
  static String progressText(int step, int total, double seconds, double stepSeconds) {
    double rate = stepSeconds > 0 ? step / stepSeconds : 0;
    return String.format(
        Locale.ROOT, "Step %d of %d · %.1f s · %.2f steps/s", step, total, seconds, rate);
  }

  /**
   * How a finished run went: "4 variants in 2.1 s · 9.52 steps/s", and from a start picture "· 12
   * of 20 steps from the start picture" (the steps that ran).
   */
  static String doneText(int count, Pipeline.Result result) {
    String text = doneText(count, result.elapsed().toMillis() / 1000.0, result.stepsPerSecond());
    GenerationRequest request = result.request();
    return request.start() == null
        ? text
        : text
            + " · "
            + request.stepsRun()
            + " of "
            + request.steps()
            + " steps from the start picture";
  }

  /** How a finished run went: "4 variants in 2.1 s · 9.52 steps/s". */
  static String doneText(int count, double seconds, double stepsPerSecond) {
    return String.format(
        Locale.ROOT,
        "%d variant%s in %.1f s · %.2f steps/s",
        count,
        count == 1 ? "" : "s",
        seconds,
        stepsPerSecond);
  }
}
