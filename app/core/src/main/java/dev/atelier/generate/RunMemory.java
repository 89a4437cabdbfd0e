package dev.atelier.generate;

import ai.djl.Device;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.MemoryEstimate;
import dev.atelier.engine.GpuMemory;
import dev.atelier.engine.GpuMemoryException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A run's GPU memory: checked against the free memory before the run, and the engine's
 * out-of-memory failure during it turned into a {@link GpuMemoryException} with the batch that
 * would fit. The figures are for the largest pass (the hires pass when there is one).
 */
final class RunMemory {

  private final DiffusionModel model;
  private final GenerationRequest request;
  private final Device device;
  private final Function<Device, OptionalLong> free;

  RunMemory(
      DiffusionModel model,
      GenerationRequest request,
      Device device,
      Function<Device, OptionalLong> free) {
    this.model = model;
    this.request = request;
    this.device = device;
    this.free = free;
  }

  /** With the device's free memory as CUDA reports it. */
  static RunMemory on(DiffusionModel model, GenerationRequest request, Device device) {
    return new RunMemory(model, request, device, GpuMemory::freeBytes);
  }

  /**
   * Refuses a run on a GPU whose estimate exceeds the free memory; nothing to check on the CPU, for
   * a model without an estimate, or when the free memory cannot be read.
   *
   * @throws GpuMemoryException with {@link GpuMemoryException.Reason#WILL_NOT_FIT}
   */
  void check() {
    if (!device.isGpu()) {
      return;
    }
    Optional<MemoryEstimate> estimate = estimate();
    OptionalLong available = free.apply(device);
    if (estimate.isEmpty() || available.isEmpty()) {
      return;
    }
    long needed = estimate.get().bytes(request.variants(), guided());
    if (needed > available.getAsLong()) {
      throw failure(
          GpuMemoryException.Reason.WILL_NOT_FIT,
          OptionalLong.of(needed),
          available,
          estimate.get().fittingBatch(available.getAsLong(), guided()),
          null);
    }
  }

  /**
   * {@code failure} as a {@link GpuMemoryException} when it is the engine running out of GPU
   * memory, otherwise {@code failure} itself. The batch that would fit is the estimate's for the
   * memory free now (the run's memory is freed by then), below the batch that failed; without an
   * estimate or a free figure, half the batch.
   */
  RuntimeException translate(RuntimeException failure) {
    if (!GpuMemory.isOutOfMemory(failure)) {
      return failure;
    }
    int batch = request.variants();
    Optional<MemoryEstimate> estimate = estimate();
    OptionalLong available = free.apply(device);
    int fitting =
        estimate.isPresent() && available.isPresent()
            ? Math.min(batch - 1, estimate.get().fittingBatch(available.getAsLong(), guided()))
            : batch / 2;
    OptionalLong needed =
        estimate.map(e -> OptionalLong.of(e.bytes(batch, guided()))).orElse(OptionalLong.empty());
    return failure(GpuMemoryException.Reason.OUT_OF_MEMORY, needed, available, fitting, failure);
  }

  private GpuMemoryException failure(
      GpuMemoryException.Reason reason,
      OptionalLong needed,
      OptionalLong available,
      int fitting,
      Throwable cause) {
    String name = device.isGpu() ? "GPU " + device.getDeviceId() : "the " + device.getDeviceType();
    return new GpuMemoryException(
        reason,
        name,
        request.variants(),
        request.outputWidth(),
        request.outputHeight(),
        needed,
        available,
        fitting,
        cause);
  }

  private Optional<MemoryEstimate> estimate() {
    return model.memoryEstimate(request.outputWidth(), request.outputHeight());
  }

  private boolean guided() {
    return request.guidance() != 1.0;
  }
}
