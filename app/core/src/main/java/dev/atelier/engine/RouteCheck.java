package dev.atelier.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tries an engine setup for real, in a separate Java process, so that a native library that fails
 * or crashes while loading never touches the running studio: a process can load PyTorch's libraries
 * only once, and a bad one can take the whole process down.
 *
 * <p>The child is started with the setup's DJL settings, both as system properties and as
 * environment variables (DJL reads either; the environment wins, so the studio's own are replaced
 * or removed). It runs {@link #main}, which loads the engine, multiplies two small matrices on the
 * chosen device, compares the product with plain Java's, and prints one line of JSON. The parent
 * reads that line within the time limit; a failure, a crash, a missing line or a child still
 * running at the limit each become {@link RouteReport#problem()}, quoting what the child wrote that
 * helps (a link error names the library that is missing).
 *
 * <p>How the child starts: with {@code java.home}'s {@code bin/java}, which a JDK and the Linux app
 * image (its runtime keeps its commands) have, on the same class path. A jpackage'd studio whose
 * runtime was stripped of {@code bin/java} (Windows, macOS) starts its own launcher instead, named
 * by the {@code jpackage.app-path} property, with {@link #LAUNCHER_ARGUMENT} and the device: its
 * main class must hand such a call to {@link #main}; the settings then travel in the environment
 * only, and the launcher's own Java options apply. See {@link #command}.
 */
public final class RouteCheck {

  /**
   * The first argument that makes a jpackage launcher run {@link #main} instead of the studio. The
   * launcher's main class decides; this is the word the check passes.
   */
  public static final String LAUNCHER_ARGUMENT = "--engine-route-check";

  /** The DJL settings a check sets or removes, so the child sees only the setup's. */
  static final List<String> DJL_SETTINGS =
      List.of(
          EngineSetup.LIBRARY_PATH_PROPERTY,
          EngineSetup.VERSION_PROPERTY,
          EngineSetup.FLAVOR_PROPERTY);

  /**
   * Where DJL keeps its files, when this process was told by a system property: the child uses the
   * same.
   */
  static final List<String> PASSED_ON = List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR");

  /** How many of the child's lines a problem quotes at most. */
  private static final int QUOTED_LINES = 3;

  /** How long a quoted line may be. */
  private static final int LINE_LIMIT = 300;

  private static final Pattern TELLING =
      Pattern.compile(
          "UnsatisfiedLinkError|cannot open shared object|undefined symbol|SIGSEGV|SIGABRT|SIGBUS"
              + "|SIGILL|Problematic frame|^C  \\[|CUDA|Exception|Error");

  private RouteCheck() {}

  /** Tries {@code setup} in a child process, waiting at most {@code timeout}. Never throws. */
  public static RouteReport run(EngineSetup setup, Duration timeout) {
    return run(setup.properties(), setup.device(), timeout);
  }

  /**
   * Tries the engine with the DJL settings in {@code properties} ({@code PYTORCH_LIBRARY_PATH},
   * {@code PYTORCH_VERSION}, {@code PYTORCH_FLAVOR}; none for the bundled libraries) on {@code
   * device}, waiting at most {@code timeout}. Never throws.
   */
  public static RouteReport run(
      Map<String, String> properties, DeviceChoice device, Duration timeout) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String name : PASSED_ON) {
      Optional.ofNullable(System.getProperty(name)).ifPresent(v -> settings.put(name, v));
    }
    settings.putAll(properties);
    Optional<List<String>> command =
        command(
            Path.of(System.getProperty("java.home")),
            Optional.ofNullable(System.getProperty("jpackage.app-path")).map(Path::of),
            System.getProperty("java.class.path", ""),
            settings,
            device);
    if (command.isEmpty()) {
      return RouteReport.failed(
          "",
          0,
          "The engine cannot be checked: this installation has no Java launcher to run the"
              + " check with.");
    }
    try {
      return read(ProcessRun.run(command.get(), environment(settings), timeout), timeout);
    } catch (IOException | RuntimeException e) {
      return RouteReport.failed(
          "", 0, "The engine check could not be started: " + RouteProbe.cause(e) + ".");
    }
  }

  /**
   * The command that runs the check: {@code javaHome/bin/java} on {@code classPath} with the
   * settings as system properties, else {@code launcher} with {@link #LAUNCHER_ARGUMENT}; empty
   * when there is neither.
   */
  static Optional<List<String>> command(
      Path javaHome,
      Optional<Path> launcher,
      String classPath,
      Map<String, String> properties,
      DeviceChoice device) {
    Path bin = javaHome.resolve("bin");
    Path java =
        Files.isExecutable(bin.resolve("java.exe")) ? bin.resolve("java.exe") : bin.resolve("java");
    if (Files.isExecutable(java)) {
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-XX:ErrorFile="
                  + Path.of(System.getProperty("java.io.tmpdir"), "atelier-route-check-%p.log"),
              "-Dai.djl.offline=true"));
      properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
      command.addAll(List.of("-cp", classPath, RouteCheck.class.getName(), device.toString()));
      return Optional.of(command);
    }
    return launcher
        .filter(Files::isExecutable)
        .map(l -> List.of(l.toString(), LAUNCHER_ARGUMENT, device.toString()));
  }

  /** The child's environment changes: the settings set, the others removed, offline. */
  static Map<String, String> environment(Map<String, String> properties) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : DJL_SETTINGS) {
      environment.put(name, null);
    }
    environment.putAll(properties);
    environment.put("DJL_OFFLINE", "true");
    return environment;
  }

  /** The report in what the child wrote. */
  static RouteReport read(ProcessRun.Outcome outcome, Duration timeout) {
    if (outcome.timedOut()) {
      return RouteReport.failed(
          "",
          0,
          "The engine check gave no answer within "
              + timeout.toSeconds()
              + " seconds and was stopped: loading these libraries hangs"
              + quoted(outcome)
              + ".");
    }
    Optional<String> line =
        outcome.out().lines().filter(l -> l.startsWith(RouteProbe.MARK)).reduce((a, b) -> b);
    if (line.isPresent()) {
      try {
        return report(RouteProbe.Answer.read(line.get().substring(RouteProbe.MARK.length())));
      } catch (JsonProcessingException e) {
        return RouteReport.failed(
            "", 0, "The engine check's answer could not be read" + quoted(outcome) + ".");
      }
    }
    return RouteReport.failed(
        "",
        0,
        (outcome.exitCode() == 0
                ? "The engine check ended without an answer"
                : "The engine check stopped with exit status " + outcome.exitCode())
            + quoted(outcome)
            + ".");
  }

  private static RouteReport report(RouteProbe.Answer answer) {
    String engine =
        answer.version().isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "%s %s %s, %s",
                EngineInfo.PYTORCH,
                answer.version(),
                answer.flavor(),
                answer.gpus() == 0
                    ? "no GPU"
                    : answer.gpus() + (answer.gpus() == 1 ? " GPU" : " GPUs"));
    return answer.problem().isEmpty()
        ? RouteReport.works(engine, answer.gpus())
        : RouteReport.failed(engine, answer.gpus(), answer.problem());
  }

  /** ": " and the child's most telling lines, or its last ones; "" when it wrote nothing. */
  private static String quoted(ProcessRun.Outcome outcome) {
    List<String> lines =
        (outcome.err() + "\n" + outcome.out())
            .lines()
            .map(l -> l.replaceFirst("^#\\s*", "").strip())
            .filter(l -> !l.isEmpty() && !l.startsWith(RouteProbe.MARK) && !l.startsWith("at "))
            .map(l -> l.length() <= LINE_LIMIT ? l : l.substring(0, LINE_LIMIT) + "…")
            .toList();
    List<String> telling = lines.stream().filter(l -> TELLING.matcher(l).find()).toList();
    List<String> chosen = telling.isEmpty() ? lines : telling;
    if (chosen.isEmpty()) {
      return "";
    }
    return ": "
        + String.join(
            " / ", chosen.subList(Math.max(0, chosen.size() - QUOTED_LINES), chosen.size()));
  }

  /**
   * The child's side: checks the device named by {@code args[0]} ({@code cpu} or {@code gpu:N};
   * {@code cpu} when absent), prints the answer line and exits: 0 when the route works, 2 when it
   * does not.
   */
  public static void main(String[] args) {
    DeviceChoice device;
    try {
      device = args.length > 0 ? DeviceChoice.parse(args[0]) : DeviceChoice.CPU;
    } catch (IllegalArgumentException e) {
      System.out.println(RouteProbe.Answer.failed(e.getMessage()).line());
      System.exit(2);
      return;
    }
    RouteProbe.Answer answer = RouteProbe.probe(device);
    System.out.println(answer.line());
    System.out.flush();
    System.exit(answer.problem().isEmpty() ? 0 : 2);
  }
}
