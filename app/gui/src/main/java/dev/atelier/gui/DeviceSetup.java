package dev.atelier.gui;

import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.EngineStart;
import dev.atelier.gui.settings.CudaLibraries;
import dev.atelier.gui.settings.DevicePorts;
import dev.atelier.gui.settings.DeviceProbe;
import java.util.Objects;
import java.util.Optional;

/**
 * What the studio hands the Settings screen's Device section: how to look at this computer's GPUs
 * and PyTorch installations, the downloadable CUDA libraries, and what start-up did with the saved
 * engine setup.
 *
 * @param probe finds GPUs and installations, and tries a setup
 * @param cuda the downloadable CUDA libraries
 * @param running the setup this start applied
 * @param startNotice what start-up had to say about it (that it fell back to the CPU), if anything
 */
public record DeviceSetup(
    DeviceProbe probe, CudaLibraries cuda, EngineSetup running, Optional<String> startNotice) {

  /**
   * This computer, as the engine's start-up left it.
   *
   * @param start the start-up that applied the saved setup
   */
  static DeviceSetup local(EngineStart start) {
    LocalDevice device = new LocalDevice();
    return new DeviceSetup(device, device, start.setup(), start.notice());
  }

  public DeviceSetup {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(cuda, "cuda");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(startNotice, "startNotice");
  }

  DevicePorts ports(Runnable restart) {
    return new DevicePorts(probe, cuda, running, restart);
  }
}
