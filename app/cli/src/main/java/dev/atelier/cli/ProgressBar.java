package dev.atelier.cli;

import java.io.PrintWriter;

/** A one-line progress bar redrawn in place on the error stream. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  private final long start = System.nanoTime();

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

  void finish() {
    err.println();
    err.flush();
  }
}
