package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.task.CancellationToken;
import java.util.Map;

/**
 * A {@link WeightSource} that reports how many weights have been read and stops when cancelled, so
 * that loading a multi-gigabyte checkpoint shows progress and can be abandoned between tensors.
 * Closing it closes the source it wraps.
 */
public final class CountingWeights implements WeightSource {

  /** Weights (numbers, not bytes) read so far, of {@code total}. */
  @FunctionalInterface
  public interface Progress {
    void onRead(long done, long total);
  }

  private final WeightSource source;
  private final long total;
  private final Progress progress;
  private final CancellationToken cancel;
  private long done;

  /**
   * @param total how many weights the caller will read, for the progress fraction
   */
  public CountingWeights(
      WeightSource source, long total, Progress progress, CancellationToken cancel) {
    this.source = source;
    this.total = total;
    this.progress = progress;
    this.cancel = cancel == null ? CancellationToken.NONE : cancel;
  }

  /** How many weights the tensors {@code shapes} hold. */
  public static long count(Map<String, Shape> shapes) {
    long n = 0;
    for (Shape s : shapes.values()) {
      n = Math.addExact(n, s.size());
    }
    return n;
  }

  @Override
  public Map<String, Shape> shapes() {
    return source.shapes();
  }

  /**
   * @throws java.util.concurrent.CancellationException when cancelled before this tensor
   */
  @Override
  public NDArray read(String name, NDManager manager) {
    cancel.throwIfCancelled();
    NDArray array = source.read(name, manager);
    done += array.size();
    progress.onRead(Math.min(done, total), total);
    return array;
  }

  @Override
  public void close() {
    source.close();
  }
}
