package dev.atelier.engine;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.OptionalLong;

/** The GPU's free memory, and whether an engine failure was the GPU running out of it. */
public final class GpuMemory {

  /** What PyTorch's CUDA allocator writes when an allocation fails. */
  static final String OUT_OF_MEMORY = "CUDA out of memory";

  private GpuMemory() {}

  /** The free memory of {@code device}; empty for the CPU or when CUDA cannot be asked. */
  public static OptionalLong freeBytes(Device device) {
    if (!device.isGpu()) {
      return OptionalLong.empty();
    }
    try {
      MemoryUsage usage = CudaUtils.getGpuMemory(device);
      return OptionalLong.of(Math.max(0, usage.getMax() - usage.getUsed()));
    } catch (RuntimeException | LinkageError e) {
      return OptionalLong.empty();
    }
  }

  /** Whether {@code failure}, or one of its causes, is the engine's CUDA out-of-memory error. */
  public static boolean isOutOfMemory(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EngineException
          && t.getMessage() != null
          && t.getMessage().contains(OUT_OF_MEMORY)) {
        return true;
      }
    }
    return false;
  }
}
