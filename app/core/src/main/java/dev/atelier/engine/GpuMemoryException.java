package dev.atelier.engine;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * A run that does not fit in the GPU's memory: refused before it starts ({@link
 * Reason#WILL_NOT_FIT}), or stopped by the engine running out of memory ({@link
 * Reason#OUT_OF_MEMORY}). It carries the figures; each front end words its own advice.
 */
public final class GpuMemoryException extends RuntimeException {

  /** Why the run stopped. */
  public enum Reason {
    /** The estimate before the run exceeds the free memory. */
    WILL_NOT_FIT,
    /** The engine reported CUDA out of memory during the run. */
    OUT_OF_MEMORY
  }

  private final Reason reason;
  private final String device;
  private final int batch;
  private final int width;
  private final int height;
  private final OptionalLong neededBytes;
  private final OptionalLong freeBytes;
  private final int fittingBatch;

  /**
   * @param device the device for people, e.g. "GPU 0"
   * @param batch the images asked for at once
   * @param neededBytes the estimate for that batch, when there is one
   * @param freeBytes the device's free memory, when it could be read
   * @param fittingBatch the largest batch that would fit; 0 when not even one image fits
   */
  public GpuMemoryException(
      Reason reason,
      String device,
      int batch,
      int width,
      int height,
      OptionalLong neededBytes,
      OptionalLong freeBytes,
      int fittingBatch,
      Throwable cause) {
    super(
        message(reason, device, batch, width, height, neededBytes, freeBytes, fittingBatch), cause);
    this.reason = reason;
    this.device = device;
    this.batch = batch;
    this.width = width;
    this.height = height;
    this.neededBytes = neededBytes;
    this.freeBytes = freeBytes;
    this.fittingBatch = fittingBatch;
  }

  private static String message(
      Reason reason,
      String device,
      int batch,
      int width,
      int height,
      OptionalLong needed,
      OptionalLong free,
      int fitting) {
    String run = (batch == 1 ? "1 image" : batch + " images") + " at " + width + "×" + height;
    StringBuilder s = new StringBuilder();
    if (reason == Reason.WILL_NOT_FIT) {
      s.append(run)
          .append(" need about ")
          .append(gib(needed.orElse(0)))
          .append(" on ")
          .append(device);
    } else {
      s.append(device).append(" ran out of memory making ").append(run);
    }
    free.ifPresent(f -> s.append(", which has ").append(gib(f)).append(" free"));
    s.append(
        fitting > 0
            ? "; a batch of " + fitting + " would fit"
            : "; not even one image of this size fits");
    return s.toString();
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  public Reason reason() {
    return reason;
  }

  public String device() {
    return device;
  }

  public int batch() {
    return batch;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public OptionalLong neededBytes() {
    return neededBytes;
  }

  public OptionalLong freeBytes() {
    return freeBytes;
  }

  /** The largest batch that would fit; 0 when not even one image of this size fits. */
  public int fittingBatch() {
    return fittingBatch;
  }
}
