package dev.atelier.engine;

/**
 * One NVIDIA GPU as the driver reports it.
 *
 * @param index the driver's index, as in {@code gpu:N}
 * @param name the product name, e.g. "NVIDIA GeForce RTX 4090"
 * @param memoryTotalMib memory in MiB
 * @param memoryFreeMib memory not in use right now, in MiB
 * @param driver the driver version
 */
public record GpuInfo(
    int index, String name, long memoryTotalMib, long memoryFreeMib, String driver) {

  /** For people: "GPU 0: NVIDIA H100 (79.6 GiB, 79.1 GiB free)". */
  public String label() {
    return String.format(
        java.util.Locale.ROOT,
        "GPU %d: %s (%.1f GiB, %.1f GiB free)",
        index,
        name,
        memoryTotalMib / 1024.0,
        memoryFreeMib / 1024.0);
  }
}
