package dev.atelier.gui.common;

/**
 * The one way the studio runs work away from the JavaFX application thread. It has two kinds of
 * lane:
 *
 * <ul>
 *   <li>the shared lane (this runner's own {@link Lane} methods): a few threads for short work such
 *       as catalog queries, file checks and pricing;
 *   <li>long lanes ({@link #longLane}): one thread each, for work that takes minutes or waits for
 *       blocks, such as a generation or a mint waiting for its receipts, so it never holds up the
 *       shared lane or another long lane. Work on one long lane runs in the order handed in.
 * </ul>
 *
 * <p>A task gets a {@link TaskContext} to hand progress to the screen and to see whether it was
 * {@linkplain TaskHandle#cancel() cancelled}; results and failures arrive on the screen thread.
 * View-models depend on this interface only, so tests use {@link #sameThread()} and run without a
 * display or a toolkit. Modelled on JabRef's {@code BackgroundTask}/{@code TaskExecutor}.
 */
public interface BackgroundRunner extends Lane {

  /**
   * A new long lane: one thread of its own, work in the order handed in.
   *
   * @param name names the thread, for logs
   */
  Lane longLane(String name);

  /** Stops every lane: running work is interrupted and given a moment to end. */
  @Override
  void close();

  /** Every lane at once on the calling thread, updates included: for tests and tools. */
  static BackgroundRunner sameThread() {
    return new SameThreadRunner();
  }
}
