package dev.atelier.gui;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the studio again, the way this process was started: the same program (the installed
 * launcher, or {@code java}) with the same arguments, as the operating system reports them. Where
 * it reports none, the command is put together from this Java: its {@code bin/java}, its options,
 * its class path, the main class and the studio's own arguments. The new process is started once
 * this one has closed its work (see {@link AtelierApp#stop()}), so nothing is lost and the two
 * never write the catalog at once.
 */
final class Restart {

  private static final Logger LOG = LoggerFactory.getLogger(Restart.class);

  /**
   * How this Java was started, for when the operating system does not say.
   *
   * @param javaHome the Java's folder ({@code java.home})
   * @param jvmOptions its options ({@code -D…}, {@code --module-path …}), as given
   * @param classPath its class path; empty when there is none
   * @param mainClass the class whose {@code main} started the studio
   * @param args the studio's own arguments
   * @param windows whether the Java is Windows' ({@code java.exe})
   */
  record Launch(
      Path javaHome,
      List<String> jvmOptions,
      String classPath,
      String mainClass,
      List<String> args,
      boolean windows) {

    Launch {
      jvmOptions = List.copyOf(jvmOptions);
      args = List.copyOf(args);
    }

    /** This Java, running {@link Main} with {@code args}. */
    static Launch current(List<String> args) {
      return new Launch(
          Path.of(System.getProperty("java.home")),
          ManagementFactory.getRuntimeMXBean().getInputArguments(),
          System.getProperty("java.class.path", ""),
          Main.class.getName(),
          args,
          System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
    }

    List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(javaHome.resolve("bin").resolve(windows ? "java.exe" : "java").toString());
      command.addAll(jvmOptions);
      if (!classPath.isBlank()) {
        command.add("-cp");
        command.add(classPath);
      }
      command.add(mainClass);
      command.addAll(args);
      return command;
    }
  }

  private Restart() {}

  /**
   * The command that starts the studio again: the program and arguments the operating system
   * reports for this process, or else {@code launch}'s.
   */
  static List<String> command(ProcessHandle.Info process, Launch launch) {
    Optional<String> program = process.command().filter(c -> !c.isBlank());
    Optional<String[]> arguments = process.arguments();
    if (program.isPresent() && arguments.isPresent()) {
      List<String> command = new ArrayList<>();
      command.add(program.get());
      command.addAll(List.of(arguments.get()));
      return command;
    }
    return launch.command();
  }

  /** The command that starts this studio again, with {@code args} as its own arguments. */
  static List<String> commandForThisProcess(List<String> args) {
    return command(ProcessHandle.current().info(), Launch.current(args));
  }

  /**
   * Starts {@code command} as a process of its own, its output where this one's goes, in this
   * process's folder; failures are logged, as this process is on its way out.
   */
  static void start(List<String> command) {
    try {
      Process started =
          new ProcessBuilder(command)
              .directory(new File(System.getProperty("user.dir")))
              .inheritIO()
              .start();
      LOG.info("Restarted as process {}", started.pid());
    } catch (IOException | RuntimeException e) {
      LOG.error("Could not start Atelier again with {}", command, e);
    }
  }
}
