package dev.atelier.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.atelier.io.Failures;

/**
 * Which inference engine and device generation runs on, for the user to see. Loading the engine
 * extracts the bundled PyTorch natives on first use (a few seconds), so call this off the UI
 * thread.
 *
 * @param engine engine name, "PyTorch"
 * @param engineVersion version of the native library
 * @param device the default device, e.g. "cpu()" or "gpu(0)"
 * @param gpuCount GPUs the engine found
 * @param threads CPU threads per operation
 */
public record EngineInfo(
    String engine, String engineVersion, String device, int gpuCount, int threads) {

  public static final String PYTORCH = "PyTorch";

  /** Loads the PyTorch engine and reports what it found. */
  public static EngineInfo detect() {
    Engine e = pytorch();
    Device d = e.defaultDevice();
    return new EngineInfo(
        e.getEngineName(), e.getVersion(), d.toString(), e.getGpuCount(), configuredThreads());
  }

  /**
   * Sets how many CPU threads PyTorch uses for one operation. Takes effect only before the engine
   * first loads, so call it at start-up.
   */
  public static void setThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
  }

  /**
   * The PyTorch engine, or a clear error when its natives cannot load. PyTorch's native warnings
   * are turned off here, before anything runs on it (see {@link NativeWarnings}).
   */
  public static Engine pytorch() {
    try {
      Engine engine = Engine.getEngine(PYTORCH);
      NativeWarnings.quiet();
      return engine;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException(
          "The PyTorch engine could not load its native library: " + Failures.describe(e), e);
    }
  }

  public boolean onGpu() {
    return device.startsWith("gpu");
  }

  /** One line for status bars and logs, e.g. "PyTorch 2.7.1 on CPU (2 threads)". */
  public String summary() {
    return engine
        + " "
        + engineVersion
        + " on "
        + (onGpu()
            ? "GPU " + device
            : "CPU (" + threads + (threads == 1 ? " thread)" : " threads)"));
  }

  /** CPU threads per operation: the configured number, or all cores. */
  public static int configuredThreads() {
    String set = System.getProperty("ai.djl.pytorch.num_threads");
    return set != null ? Integer.parseInt(set) : Runtime.getRuntime().availableProcessors();
  }
}
