package dev.atelier.engine;

import ai.djl.Device;
import java.util.Locale;

/**
 * Where generation runs, as the artist chose it: the CPU, or one GPU by its index. Written as
 * {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}, in settings and on the command line.
 *
 * @param gpu whether a GPU was chosen
 * @param index the GPU's index (0 for the CPU)
 */
public record DeviceChoice(boolean gpu, int index) {

  public static final DeviceChoice CPU = new DeviceChoice(false, 0);

  public DeviceChoice {
    if (index < 0 || (!gpu && index != 0)) {
      throw new IllegalArgumentException("No such device index: " + index);
    }
  }

  /** The GPU with this index. */
  public static DeviceChoice gpu(int index) {
    return new DeviceChoice(true, index);
  }

  /**
   * Reads {@code cpu}, {@code gpu} or {@code gpu:N} (case and spaces ignored).
   *
   * @throws IllegalArgumentException naming what is accepted, for anything else
   */
  public static DeviceChoice parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("gpu") || t.equals("cuda")) {
      return gpu(0);
    }
    for (String prefix : new String[] {"gpu:", "cuda:"}) {
      if (t.startsWith(prefix)) {
        try {
          return gpu(Integer.parseInt(t.substring(prefix.length())));
        } catch (IllegalArgumentException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException(
        "Unknown device \"" + text + "\": use cpu, gpu (the first GPU) or gpu:N");
  }

  /** The DJL device. */
  public Device toDevice() {
    return gpu ? Device.gpu(index) : Device.cpu();
  }

  /** For people: "CPU" or "GPU 0". */
  public String label() {
    return gpu ? "GPU " + index : "CPU";
  }

  /** As settings and the command line write it: "cpu" or "gpu:N". */
  @Override
  public String toString() {
    return gpu ? "gpu:" + index : "cpu";
  }
}
