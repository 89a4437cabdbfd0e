package dev.atelier.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import dev.atelier.io.Failures;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Which inference engine and device generation runs on, for the user to see. Loading the engine
 * extracts the bundled PyTorch natives on first use (a few seconds), so call this off the UI
 * thread.
 *
 * <p>The device the artist chose ({@link #useDevice}) is only a wish: every manager generation
 * works in comes from {@link #newManager()}, which falls back to the CPU when the engine has no GPU
 * of the chosen index, and {@link #detect()} says which one really runs, and why.
 *
 * @param engine engine name, "PyTorch"
 * @param engineVersion version of the native library
 * @param device the device managers are made on, e.g. "cpu()" or "gpu(0)"
 * @param gpuCount GPUs the engine found
 * @param threads CPU threads per operation
 * @param route where the engine's native libraries come from
 * @param flavor the libraries' flavour: "cpu" or a CUDA flavour such as "cu128"
 * @param deviceLabel the device in use for people: "CPU" or "GPU 0 (compute 9.0, 79.6 GiB)"
 * @param fallback why a chosen GPU is not used; empty when the chosen device runs
 */
public record EngineInfo(
    String engine,
    String engineVersion,
    String device,
    int gpuCount,
    int threads,
    EngineRoute route,
    String flavor,
    String deviceLabel,
    Optional<String> fallback) {

  public static final String PYTORCH = "PyTorch";

  private static volatile DeviceChoice chosen = DeviceChoice.CPU;
  private static volatile EngineRoute appliedRoute;

  /** The engine as the bundled libraries run it on the CPU, with no GPU chosen (for tests). */
  public EngineInfo(String engine, String engineVersion, String device, int gpuCount, int threads) {
    this(
        engine,
        engineVersion,
        device,
        gpuCount,
        threads,
        EngineRoute.BUNDLED_CPU,
        "cpu",
        "CPU",
        Optional.empty());
  }

  /** Loads the PyTorch engine and reports what really runs: route, flavour, device, fallback. */
  public static EngineInfo detect() {
    Engine e = pytorch();
    Device d = device(e);
    return new EngineInfo(
        e.getEngineName(),
        e.getVersion(),
        d.toString(),
        e.getGpuCount(),
        configuredThreads(),
        currentRoute(),
        currentFlavor(),
        deviceLabel(d),
        fallbackReason(chosen, e.getGpuCount()));
  }

  /**
   * Chooses the device generation runs on. Managers made after this use it; when the engine has no
   * GPU of that index they use the CPU, and {@link #detect()} says why.
   */
  public static void useDevice(DeviceChoice device) {
    chosen = java.util.Objects.requireNonNull(device, "device");
  }

  /** The device the artist chose, which may not be the one in use (see {@link #deviceInUse()}). */
  public static DeviceChoice chosenDevice() {
    return chosen;
  }

  /** Records the route a start-up applied, so {@link #detect()} names it exactly. */
  static void routeApplied(EngineRoute route) {
    appliedRoute = route;
  }

  /**
   * A new base manager on the device in use: the chosen GPU when the engine has it, otherwise the
   * CPU. Every manager generation, loading and benchmarks work in comes from here.
   */
  public static NDManager newManager() {
    Engine e = pytorch();
    return e.newBaseManager(device(e));
  }

  /** The device in use: the chosen one when the engine has it, otherwise the CPU. */
  public static Device deviceInUse() {
    return device(pytorch());
  }

  private static Device device(Engine engine) {
    DeviceChoice c = chosen;
    return fallbackReason(c, engine.getGpuCount()).isEmpty() ? c.toDevice() : Device.cpu();
  }

  /**
   * Why {@code choice} cannot run on an engine that found {@code gpuCount} GPUs; empty when it can.
   */
  static Optional<String> fallbackReason(DeviceChoice choice, int gpuCount) {
    if (!choice.gpu() || choice.index() < gpuCount) {
      return Optional.empty();
    }
    String found =
        gpuCount == 0
            ? "the engine found no GPU"
            : "the engine found only " + gpuCount + (gpuCount == 1 ? " GPU" : " GPUs");
    return Optional.of(choice.label() + " was chosen but " + found);
  }

  /**
   * Where the libraries come from: the route a start-up applied, or else read from DJL's settings
   * (a library folder under DJL's own cache was downloaded by it).
   */
  static EngineRoute currentRoute() {
    if (appliedRoute != null) {
      return appliedRoute;
    }
    String library = property(EngineSetup.LIBRARY_PATH_PROPERTY);
    if (library == null || library.isBlank()) {
      return EngineRoute.BUNDLED_CPU;
    }
    Path dir = Path.of(library).toAbsolutePath().normalize();
    return dir.startsWith(Utils.getEngineCacheDir().toAbsolutePath().normalize())
        ? EngineRoute.DOWNLOADED_CUDA
        : EngineRoute.INSTALLED_PYTORCH;
  }

  private static String currentFlavor() {
    String set = property(EngineSetup.FLAVOR_PROPERTY);
    return set == null || set.isBlank() ? "cpu" : set.strip();
  }

  /** A DJL setting as DJL reads it: a system property, else the environment. */
  private static String property(String key) {
    String value = System.getProperty(key);
    return value != null ? value : System.getenv(key);
  }

  /** "CPU", or the GPU with what CUDA tells of it. */
  private static String deviceLabel(Device d) {
    if (!d.isGpu()) {
      return "CPU";
    }
    StringBuilder label = new StringBuilder("GPU ").append(d.getDeviceId());
    try {
      MemoryUsage memory = CudaUtils.getGpuMemory(d);
      label.append(
          String.format(
              Locale.ROOT,
              " (compute %s, %.1f GiB)",
              formatCapability(CudaUtils.getComputeCapability(d.getDeviceId())),
              memory.getMax() / (1024.0 * 1024 * 1024)));
    } catch (RuntimeException | LinkageError e) {
      // CUDA's runtime library is not reachable from Java: the index alone still says it.
    }
    return label.toString();
  }

  private static String formatCapability(String capability) {
    return capability.length() == 2
        ? capability.charAt(0) + "." + capability.charAt(1)
        : capability;
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
   * The PyTorch engine, or a clear error ({@link EngineLoadException}) when its natives cannot
   * load. PyTorch's native warnings are turned off here, before anything runs on it (see {@link
   * NativeWarnings}).
   */
  public static Engine pytorch() {
    try {
      Engine engine = Engine.getEngine(PYTORCH);
      NativeWarnings.quiet();
      return engine;
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new EngineLoadException(
          "The PyTorch engine could not load its native library: " + Failures.describe(e), e);
    }
  }

  public boolean onGpu() {
    return device.startsWith("gpu");
  }

  /**
   * One line for status bars and logs: "PyTorch 2.7.1 on CPU (2 threads)", "PyTorch 2.7.1 cu128
   * (installed PyTorch) on GPU 0 (compute 9.0, 79.6 GiB)", or "PyTorch 2.7.1 on CPU (2 threads) —
   * GPU 0 was chosen but the engine found no GPU".
   */
  public String summary() {
    StringBuilder s = new StringBuilder(engine).append(' ').append(engineVersion);
    if (route != EngineRoute.BUNDLED_CPU) {
      s.append(' ').append(flavor).append(" (").append(route.words()).append(')');
    }
    s.append(" on ");
    if (onGpu()) {
      s.append(deviceLabel);
    } else {
      s.append("CPU (").append(threads).append(threads == 1 ? " thread)" : " threads)");
    }
    fallback.ifPresent(f -> s.append(" — ").append(f));
    return s.toString();
  }

  /** CPU threads per operation: the configured number, or all cores. */
  public static int configuredThreads() {
    String set = System.getProperty("ai.djl.pytorch.num_threads");
    return set != null ? Integer.parseInt(set) : Runtime.getRuntime().availableProcessors();
  }
}
