package dev.atelier.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lists the NVIDIA GPUs through the driver's own tool, {@code nvidia-smi}, without loading any CUDA
 * library into the studio. It asks for one line per GPU ({@value #QUERY}) and reads them into
 * {@link GpuInfo}s. A scan never throws: a missing tool, a driver that does not answer, a failure
 * or output that does not read each become {@link GpuScan#problem()}, in words for the artist.
 */
public final class NvidiaSmi {

  /** What is asked for, in this order, one line per GPU. */
  static final String QUERY = "index,name,memory.total,memory.free,driver_version";

  /** How long the tool may take; a driver that hangs must not hold the studio. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  static final String NOT_FOUND =
      "No NVIDIA driver tools (nvidia-smi) were found: this computer has no NVIDIA GPU, or its"
          + " driver is not installed.";

  private final List<String> command;
  private final Duration timeout;

  /**
   * Runs {@code command} (the program and any arguments before the query, e.g. {@code
   * ["nvidia-smi"]}) with the query appended.
   */
  public NvidiaSmi(List<String> command) {
    this(command, TIMEOUT);
  }

  /** As {@link #NvidiaSmi(List)}, with another time limit (tests use a short one). */
  NvidiaSmi(List<String> command, Duration timeout) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("The nvidia-smi command is empty");
    }
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  /** The {@code nvidia-smi} found on the PATH. */
  public static NvidiaSmi onPath() {
    return new NvidiaSmi(List.of("nvidia-smi"));
  }

  /** Asks the driver for its GPUs. Never throws. */
  public GpuScan scan() {
    List<String> full = new ArrayList<>(command);
    full.add("--query-gpu=" + QUERY);
    full.add("--format=csv,noheader,nounits");
    ProcessRun.Outcome outcome;
    try {
      outcome = ProcessRun.run(full, Map.of(), timeout);
    } catch (IOException e) {
      return GpuScan.failed(notStarted(e));
    }
    if (outcome.timedOut()) {
      return GpuScan.failed(
          "The NVIDIA driver tools (nvidia-smi) gave no answer within "
              + timeout.toSeconds()
              + " seconds: the driver may be busy or stuck. Restarting the computer often helps.");
    }
    if (outcome.exitCode() != 0) {
      String line = outcome.firstLine();
      return GpuScan.failed(
          "The NVIDIA driver tools (nvidia-smi) failed"
              + (line.isEmpty()
                  ? " (exit status " + outcome.exitCode() + ")"
                  : ": \"" + line + "\"")
              + ". Check that the NVIDIA driver is installed and loaded.");
    }
    return read(outcome.out());
  }

  /** The GPUs in the tool's answer, or a problem naming the first line that does not read. */
  static GpuScan read(String answer) {
    List<GpuInfo> gpus = new ArrayList<>();
    for (String line : answer.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      try {
        gpus.add(parse(line));
      } catch (IllegalArgumentException e) {
        return GpuScan.failed(
            "The NVIDIA driver tools (nvidia-smi) answered with something Atelier cannot read: \""
                + line
                + "\".");
      }
    }
    if (gpus.isEmpty()) {
      return GpuScan.failed("The NVIDIA driver is installed, but it reports no GPU.");
    }
    return GpuScan.found(gpus);
  }

  /**
   * One line: {@code 0, NVIDIA H100 80GB HBM3, 81559, 81004, 570.86.15}. A memory the driver does
   * not know ({@code [N/A]}) reads as 0.
   *
   * @throws IllegalArgumentException when the line does not have that form
   */
  static GpuInfo parse(String line) {
    String[] fields = line.split(",");
    if (fields.length < 5) {
      throw new IllegalArgumentException("Expected 5 fields: " + line);
    }
    int last = fields.length - 1;
    String name = String.join(",", List.of(fields).subList(1, last - 2)).strip();
    String driver = fields[last].strip();
    if (name.isEmpty() || driver.isEmpty()) {
      throw new IllegalArgumentException("No name or driver: " + line);
    }
    return new GpuInfo(
        Integer.parseInt(fields[0].strip()),
        name,
        mebibytes(fields[last - 2]),
        mebibytes(fields[last - 1]),
        driver);
  }

  private static long mebibytes(String field) {
    String value = field.strip();
    if (value.toUpperCase(Locale.ROOT).contains("N/A")) {
      return 0;
    }
    long mib = Long.parseLong(value);
    if (mib < 0) {
      throw new IllegalArgumentException("Negative memory: " + value);
    }
    return mib;
  }

  private static String notStarted(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("error=2,") || message.contains("No such file")) {
      return NOT_FOUND;
    }
    return "The NVIDIA driver tools (nvidia-smi) could not be started: "
        + message.replaceFirst("^Cannot run program \"[^\"]*\"(: )?", "")
        + ".";
  }
}
