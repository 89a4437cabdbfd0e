package dev.atelier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from {@code /proc/self/status} (Linux; -1 elsewhere). */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** Current resident set size in MiB. */
  public static long residentMiB() {
    return field("VmRSS:");
  }

  /** Peak resident set size in MiB since the process started. */
  public static long peakMiB() {
    return field("VmHWM:");
  }

  /**
   * Lowers the peak to the current resident size, so the next {@link #peakMiB} covers only what
   * runs from now on (Linux 4.0 and later, through {@code /proc/self/clear_refs}).
   *
   * @return whether the peak was reset
   */
  public static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
