package dev.atelier.cli;

import java.io.PrintWriter;

/** A one-line progress bar redrawn in place on the error stream. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final long start = System.nanoTime();
  private int lastPercent = -1;

  ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  void update(int done, int total, String detail) {
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    double seconds = (System.nanoTime() - start) / 1e9;
    err.printf(
        "\r%s [%s%s] %d/%d %.1fs %s   ",
        label, "#".repeat(filled), "-".repeat(WIDTH - filled), done, total, seconds, detail);
    err.flush();
  }

  /** As a percentage, for byte counts; redraws only when the whole percent changes. */
  void percent(long done, long total, String detail) {
    int pct = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    if (pct == lastPercent) {
      return;
    }
    lastPercent = pct;
    int filled = pct * WIDTH / 100;
    double seconds = (System.nanoTime() - start) / 1e9;
    err.printf(
        "\r%s [%s%s] %3d%% %.1fs %s   ",
        label, "#".repeat(filled), "-".repeat(WIDTH - filled), pct, seconds, detail);
    err.flush();
  }

  void finish() {
    err.println();
    err.flush();
  }
}
