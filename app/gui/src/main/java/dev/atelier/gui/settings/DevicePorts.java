package dev.atelier.gui.settings;

import dev.atelier.engine.EngineSetup;
import java.util.Objects;

/**
 * What the Device settings need from outside the screen.
 *
 * @param probe finds GPUs and PyTorch installations, and tries a setup
 * @param cuda the downloadable CUDA libraries
 * @param running the engine setup this start of the studio applied (the built-in CPU libraries when
 *     the saved setup could not be used)
 * @param restart closes the studio the normal way and starts it again
 */
public record DevicePorts(
    DeviceProbe probe, CudaLibraries cuda, EngineSetup running, Runnable restart) {

  public DevicePorts {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(cuda, "cuda");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(restart, "restart");
  }
}
