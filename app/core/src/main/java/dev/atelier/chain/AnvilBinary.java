package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the Anvil executable is. The first of these that is set wins:
 *
 * <ol>
 *   <li>the {@value #PROPERTY} system property, a path to the executable;
 *   <li>the {@value #ENVIRONMENT} environment variable, the same;
 *   <li>the copy an installed app ships: the {@value #PACKAGED_PROPERTY} system property names its
 *       folder (the launchers set it); passed over when that folder holds no executable;
 *   <li>the npm package for this OS and CPU under the {@value #TOOLS_PROPERTY} folder ({@code
 *       tools/js} after {@code npm ci} there);
 *   <li>{@code anvil} on the {@code PATH}, where Foundry's installer puts it.
 * </ol>
 *
 * <p>A path named by 1, 2 or 4 that holds no executable fails, naming it: a setting that points
 * nowhere is a mistake to show, not one to hide behind another Anvil.
 */
final class AnvilBinary {

  static final String PROPERTY = "atelier.anvil";
  static final String ENVIRONMENT = "ATELIER_ANVIL";
  static final String PACKAGED_PROPERTY = "atelier.anvil.packaged";
  static final String TOOLS_PROPERTY = "atelier.tools";

  private static final String NPM_HINT = " (run `npm ci` in tools/js)";

  /**
   * What the lookup reads: system properties, environment variables, and the platform.
   *
   * @param properties a system property by name, or null
   * @param environment an environment variable by name, or null
   * @param osName as the {@code os.name} property
   * @param osArch as the {@code os.arch} property
   */
  record Sources(
      UnaryOperator<String> properties,
      UnaryOperator<String> environment,
      String osName,
      String osArch) {

    /** This process's properties, environment and platform. */
    static Sources current() {
      return new Sources(
          System::getProperty,
          System::getenv,
          System.getProperty("os.name", ""),
          System.getProperty("os.arch", ""));
    }

    private Optional<String> property(String name) {
      return nonBlank(properties.apply(name));
    }

    private Optional<String> variable(String name) {
      return nonBlank(environment.apply(name));
    }

    private static Optional<String> nonBlank(String value) {
      return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    boolean windows() {
      return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** {@code anvil}, or {@code anvil.exe} on Windows. */
    String executableName() {
      return windows() ? "anvil.exe" : "anvil";
    }

    /**
     * The npm package's executable, relative to {@code tools/js}: {@code
     * node_modules/@foundry-rs/anvil-OS-CPU/bin/anvil} with Foundry's names for OS (linux, darwin,
     * win32) and CPU (amd64, arm64).
     */
    String npmBinary() {
      String name = osName.toLowerCase(Locale.ROOT);
      String os = windows() ? "win32" : name.startsWith("mac") ? "darwin" : name;
      String cpu =
          switch (osArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch;
          };
      return "node_modules/@foundry-rs/anvil-" + os + "-" + cpu + "/bin/" + executableName();
    }
  }

  private AnvilBinary() {}

  /**
   * The Anvil executable, found as the class comment says.
   *
   * @throws ChainException {@link Reason#DEVNET} when none is found, or a path named is no
   *     executable file
   */
  static Path locate(Sources sources) {
    Optional<String> explicit = sources.property(PROPERTY).or(() -> sources.variable(ENVIRONMENT));
    if (explicit.isPresent()) {
      return requireExecutable(Path.of(explicit.get()), NPM_HINT);
    }
    Optional<Path> packaged =
        sources
            .property(PACKAGED_PROPERTY)
            .map(folder -> Path.of(folder, sources.executableName()))
            .filter(AnvilBinary::isExecutable);
    if (packaged.isPresent()) {
      return packaged.get();
    }
    Optional<String> tools = sources.property(TOOLS_PROPERTY);
    if (tools.isPresent()) {
      return requireExecutable(Path.of(tools.get()).resolve(sources.npmBinary()), NPM_HINT);
    }
    return onPath(sources).orElseThrow(() -> notFound(sources));
  }

  private static ChainException notFound(Sources sources) {
    String packaged =
        sources
            .property(PACKAGED_PROPERTY)
            .map(folder -> " (the installed copy in " + folder + " is missing)")
            .orElse("");
    return new ChainException(
        Reason.DEVNET,
        "No Anvil binary found"
            + packaged
            + ": set ATELIER_ANVIL (or the atelier.anvil property) to its path, or atelier.tools"
            + " to the tools/js folder after `npm ci` there, or put Foundry's anvil on the PATH");
  }

  /**
   * {@code binary}, when it is an executable file.
   *
   * @throws ChainException {@link Reason#DEVNET} naming it, followed by {@code hint}
   */
  static Path requireExecutable(Path binary, String hint) {
    if (!isExecutable(binary)) {
      throw new ChainException(
          Reason.DEVNET, "The Anvil binary " + binary + " is missing or not executable" + hint);
    }
    return binary;
  }

  private static boolean isExecutable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  private static Optional<Path> onPath(Sources sources) {
    String path = sources.environment().apply("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return executableIn(Arrays.asList(path.split(File.pathSeparator)), sources.executableName());
  }

  /** The first executable file {@code name} in these folders. */
  static Optional<Path> executableIn(List<String> dirs, String name) {
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(AnvilBinary::isExecutable)
        .findFirst();
  }
}
