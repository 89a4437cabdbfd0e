package dev.atelier.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long ago this process started, for the start-up figure ("Window shown N ms after the process
 * started").
 *
 * <p>On Linux it is read from the kernel's own two counters of time since boot, the process's start
 * ({@code /proc/self/stat}, field 22) and now ({@code /proc/uptime}), both in hundredths of a
 * second. {@link ProcessHandle.Info#startInstant()} is not good enough there: it adds the start to
 * the boot time of {@code /proc/stat}, which is in whole seconds, so its answer is late by a fixed
 * fraction of a second that differs from one boot to the next (0.7 s on the machine the README's
 * figure comes from). Elsewhere it falls back to {@code startInstant()}.
 */
final class ProcessAge {

  private static final Path STAT = Path.of("/proc/self/stat");
  private static final Path UPTIME = Path.of("/proc/uptime");

  /** The kernel's clock ticks per second for {@code /proc} times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** Index of {@code starttime} among the fields after the command name's closing parenthesis. */
  private static final int START_TIME_FIELD = 19;

  /** Index of {@code utime} (then {@code stime}) among the same fields. */
  private static final int USER_TIME_FIELD = 11;

  private ProcessAge() {}

  /**
   * The CPU time this process has used so far (user and system, all threads) in milliseconds, at
   * the kernel's 10 ms resolution; empty where there is no {@code /proc}. Beside the wall-clock
   * figure it shows how much work the start did, which a busy machine does not inflate as much.
   */
  static Optional<Long> cpuMillis() {
    try {
      return Optional.of(cpuFromProc(Files.readString(STAT)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The CPU milliseconds in a {@code /proc/self/stat} line (utime + stime). */
  static long cpuFromProc(String stat) {
    String[] fields = fieldsAfterName(stat);
    long ticks =
        Long.parseLong(fields[USER_TIME_FIELD]) + Long.parseLong(fields[USER_TIME_FIELD + 1]);
    return Math.round(ticks * 1000 / TICKS_PER_SECOND);
  }

  /** Milliseconds since this process started, or empty when no clock answers. */
  static Optional<Long> millis() {
    try {
      return Optional.of(fromProc(Files.readString(STAT), Files.readString(UPTIME)));
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.current()
          .info()
          .startInstant()
          .map(start -> Duration.between(start, Instant.now()).toMillis());
    }
  }

  /**
   * The age from the two files' text.
   *
   * @param stat {@code /proc/self/stat}: "pid (comm) state ..." where comm may hold spaces and
   *     parentheses, so fields are counted from the last ')'
   * @param uptime {@code /proc/uptime}: seconds since boot, then idle seconds
   * @throws IllegalArgumentException when either is not in that form
   */
  static long fromProc(String stat, String uptime) {
    String[] fields = fieldsAfterName(stat);
    long startTicks = Long.parseLong(fields[START_TIME_FIELD]);
    double now = Double.parseDouble(uptime.strip().split("\\s+")[0]);
    return Math.round((now - startTicks / TICKS_PER_SECOND) * 1000);
  }

  private static String[] fieldsAfterName(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 > stat.length()) {
      throw new IllegalArgumentException("Not a /proc stat line: " + stat);
    }
    String[] fields = stat.substring(close + 2).strip().split(" ");
    if (fields.length <= START_TIME_FIELD) {
      throw new IllegalArgumentException("Too few fields in a /proc stat line");
    }
    return fields;
  }
}
