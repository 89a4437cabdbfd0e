package dev.atelier.engine;

import java.util.Objects;

/**
 * What a {@link RouteCheck} found: whether the engine loaded with a setup and computed correctly on
 * its device, or why not.
 *
 * @param ok whether the engine loaded and its result matched the reference
 * @param engine what loaded, e.g. "PyTorch 2.7.1 cu128, 1 GPU" or "PyTorch 2.7.1 cpu, no GPU";
 *     empty when nothing loaded
 * @param gpuCount the GPUs the engine sees
 * @param problem why the route cannot be used, in words for the artist; empty when {@code ok}
 */
public record RouteReport(boolean ok, String engine, int gpuCount, String problem) {

  public RouteReport {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(problem, "problem");
    if (ok != problem.isEmpty()) {
      // A report is either usable or says why not, never both or neither.
      throw new IllegalArgumentException(
          ok ? "A working route has no problem" : "A failed route needs a problem");
    }
  }

  /** A route that works. */
  static RouteReport works(String engine, int gpuCount) {
    return new RouteReport(true, engine, gpuCount, "");
  }

  /** A route that failed before or after the engine loaded. */
  static RouteReport failed(String engine, int gpuCount, String problem) {
    return new RouteReport(false, engine, gpuCount, problem);
  }

  /** One line for people: what loaded, or why nothing could be used. */
  public String summary() {
    return ok ? engine : problem;
  }
}
