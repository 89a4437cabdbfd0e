package dev.atelier.gui.batch;

import dev.atelier.batch.BatchService;

/** How far a batch run has got, counted on the JavaFX thread as its items end. */
final class BatchCounts {

  private int total;
  private int ended;
  private int done;
  private int failed;

  /** A run of {@code total} items, {@code done} of them finished before. */
  void reset(int total, int done) {
    this.total = total;
    this.ended = done;
    this.done = done;
    this.failed = 0;
  }

  /** An item ended: made now, found done before ({@code skipped}), or failed. */
  void ended(boolean made, boolean skipped) {
    ended++;
    if (made || skipped) {
      done++;
    } else {
      failed++;
    }
  }

  int total() {
    return total;
  }

  /** Items finished, before or now. */
  int done() {
    return done;
  }

  int failed() {
    return failed;
  }

  /** The share of the batch behind us, with {@code item} of the current item (0 to 1). */
  double fraction(double item) {
    return total == 0 ? 0 : Math.min(1, (ended + Math.clamp(item, 0, 1)) / total);
  }

  /** "2 of 4 done". */
  static String doneText(int done, int total) {
    return done + " of " + total + " done";
  }

  /** How a run that tried every item went. */
  static String summaryText(BatchService.Summary s) {
    StringBuilder text = new StringBuilder();
    text.append(s.generated()).append(" made");
    if (s.skipped() > 0) {
      text.append(", ").append(s.skipped()).append(" done before");
    }
    if (s.failed() > 0) {
      text.append(", ")
          .append(s.failed())
          .append(" failed (running the file again tries ")
          .append(s.failed() == 1 ? "it" : "them")
          .append(" again)");
    }
    return text.append(". The pictures are in the catalog.").toString();
  }
}
