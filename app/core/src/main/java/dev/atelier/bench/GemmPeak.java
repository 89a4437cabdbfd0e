package dev.atelier.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;

/**
 * This machine's practical float32 peak through the same engine the models run on: one large square
 * matrix product, the best of a few runs. A network's achieved GFLOP/s is reported as a fraction of
 * it, which says more than a time alone (it carries over between machines).
 */
public final class GemmPeak {

  /** The best of {@code runs} products of two n×n matrices. */
  public record Result(int n, double bestSeconds) {
    public double gflops() {
      return 2.0 * n * n * (double) n / bestSeconds / 1e9;
    }
  }

  private GemmPeak() {}

  /** Measures with n = 2048 (17 GFLOP per product), after one warm-up. */
  public static Result measure() {
    return measure(2048, 5);
  }

  public static Result measure(int n, int runs) {
    try (NDManager manager = EngineInfo.newManager()) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
      a.matMul(b).close();
      double best = Double.MAX_VALUE;
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        NDArray c = a.matMul(b);
        c.getFloat(0, 0); // waits for the result where the engine runs asynchronously
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
        c.close();
      }
      return new Result(n, best);
    }
  }
}
