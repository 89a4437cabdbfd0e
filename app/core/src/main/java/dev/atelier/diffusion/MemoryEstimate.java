package dev.atelier.diffusion;

/**
 * The device memory a generation run needs, as a model estimates it before the run, for one image
 * size: its weights, plus sampling activations that grow with the rows the UNet sees at once (the
 * batch, twice over with classifier-free guidance, which runs both halves as one batch), or the
 * decoder's activations for one image (images are decoded one at a time, after sampling), whichever
 * is larger, plus a margin for the allocator's rounding and fragmentation.
 *
 * @param weightBytes all weights on the device
 * @param perRowBytes sampling activations per UNet row
 * @param fixedWorkBytes sampling memory that does not grow with the rows (an attention block)
 * @param decodeBytes the decoder's activations for one image
 */
public record MemoryEstimate(
    long weightBytes, long perRowBytes, long fixedWorkBytes, long decodeBytes) {

  /** Margin over the estimate for the allocator's caching and fragmentation: 15 %. */
  public static final double MARGIN = 1.15;

  /** The largest batch {@link #fittingBatch} considers. */
  static final int MAX_BATCH = 1 << 16;

  public MemoryEstimate {
    if (weightBytes < 0 || perRowBytes <= 0 || fixedWorkBytes < 0 || decodeBytes < 0) {
      throw new IllegalArgumentException("Memory figures must not be negative");
    }
  }

  /** Bytes a run of {@code batch} images needs, with or without guidance. */
  public long bytes(int batch, boolean guided) {
    if (batch < 1) {
      throw new IllegalArgumentException("A batch holds at least one image, not " + batch);
    }
    long rows = (long) batch * (guided ? 2 : 1);
    long sampling = fixedWorkBytes + perRowBytes * rows;
    return (long) Math.ceil((weightBytes + Math.max(sampling, decodeBytes)) * MARGIN);
  }

  /** The largest batch whose run fits in {@code freeBytes}; 0 when not even one image fits. */
  public int fittingBatch(long freeBytes, boolean guided) {
    if (bytes(1, guided) > freeBytes) {
      return 0;
    }
    int fits = 1;
    int tooMany = MAX_BATCH + 1;
    while (tooMany - fits > 1) {
      int mid = (fits + tooMany) >>> 1;
      if (bytes(mid, guided) <= freeBytes) {
        fits = mid;
      } else {
        tooMany = mid;
      }
    }
    return fits;
  }
}
