package dev.atelier.gui.settings;

import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.GpuInfo;

/**
 * One entry of the "Runs on" choice.
 *
 * @param choice the device
 * @param label for people: "CPU", or "GPU 0: NVIDIA GeForce RTX 4090 (24.0 GiB, 22.1 GiB free)"
 */
public record DeviceOption(DeviceChoice choice, String label) {

  /** The CPU. */
  public static final DeviceOption CPU = new DeviceOption(DeviceChoice.CPU, "CPU");

  static DeviceOption of(GpuInfo gpu) {
    return new DeviceOption(DeviceChoice.gpu(gpu.index()), gpu.label());
  }

  /** A saved GPU that was not found now. */
  static DeviceOption missing(DeviceChoice choice) {
    return new DeviceOption(choice, choice.label() + " (not found now)");
  }

  @Override
  public String toString() {
    return label;
  }
}
