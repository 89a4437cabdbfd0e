package dev.atelier.engine;

/**
 * Counts a download's bytes and tells a {@link CudaDownload.Progress} about them at a sane rate:
 * when another 1/200 of the total (at least 256 KiB) has arrived, at the end of each file, and once
 * at the very end. Never goes back.
 */
final class TransferMeter {

  /** The least number of bytes between two reports. */
  static final long MIN_STEP = 256 * 1024;

  private final long total;
  private final CudaDownload.Progress progress;
  private final long step;
  private long done;
  private long reported;

  /**
   * @param total the bytes expected, or -1 when not known
   */
  TransferMeter(long total, CudaDownload.Progress progress) {
    this.total = total;
    this.progress = progress;
    this.step = Math.max(MIN_STEP, total / 200);
  }

  /** The first report: nothing yet. */
  void start() {
    report(total);
  }

  /** Adds bytes that arrived, and reports when a step has passed. */
  void add(long bytes) {
    done += bytes;
    if (done - reported >= step) {
      report(total);
    }
  }

  /** Reports at the end of a file, unless nothing arrived since the last report. */
  void fileDone() {
    if (done != reported) {
      report(total);
    }
  }

  /** The last report: everything is done, so the total is what arrived. */
  void finish() {
    report(done);
  }

  long done() {
    return done;
  }

  private void report(long of) {
    reported = done;
    progress.update(done, of < 0 ? -1 : Math.max(of, done));
  }
}
