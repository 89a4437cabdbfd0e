package dev.atelier.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * There is not enough free disk space for a download: both numbers are fields, so each front end
 * can say it in its own words.
 */
public final class NotEnoughSpaceException extends IOException {

  private final transient Path folder;
  private final long needed;
  private final long free;

  /**
   * @param folder where the files would go
   * @param needed bytes they take once unpacked
   * @param free bytes free there
   */
  public NotEnoughSpaceException(Path folder, long needed, long free) {
    super(
        "Not enough disk space in "
            + folder
            + ": the CUDA libraries need about "
            + CudaDownload.about(needed)
            + " and "
            + CudaDownload.about(free)
            + " is free");
    this.folder = folder;
    this.needed = needed;
    this.free = free;
  }

  public Path folder() {
    return folder;
  }

  public long needed() {
    return needed;
  }

  public long free() {
    return free;
  }
}
