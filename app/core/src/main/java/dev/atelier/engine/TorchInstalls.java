package dev.atelier.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the PyTorch installations on this computer and checks whether the engine can use one for
 * CUDA. It looks only at files: nothing is loaded, so a broken installation cannot harm the studio
 * (loading one for real is {@link RouteCheck}'s job).
 *
 * <p>It looks where pip and conda put PyTorch: an active virtual or conda environment ({@code
 * VIRTUAL_ENV}, {@code CONDA_PREFIX}), the user's pip folder ({@code ~/.local}), the usual conda
 * folders in the home folder and their environments, pyenv's Pythons, {@code /opt/conda} and the
 * system Python's folders. What it looks at is given to the constructor, so tests use fake folders.
 *
 * <p>An installation is usable when it is PyTorch 2.7 built for CUDA 12 (the bundled JNI bridge is
 * built for 2.7.1 and CUDA 12.8), has its CUDA library, finds the CUDA runtime libraries it needs,
 * and the NVIDIA driver's library is on this computer. Each problem is one sentence that says what
 * to do.
 */
public final class TorchInstalls {

  /** The command that installs what the engine needs, for the artist to copy. */
  public static final String PIP_COMMAND =
      "pip install torch==2.7.1 --index-url https://download.pytorch.org/whl/cu128";

  /** What the engine needs; it ends with the command, without a full stop, so it copies cleanly. */
  static final String NEEDED =
      "Atelier's GPU engine needs PyTorch "
          + EngineRoute.TORCH_VERSION
          + " built for CUDA "
          + EngineRoute.CUDA_VERSION
          + "; install it with: "
          + PIP_COMMAND;

  /** The NVIDIA driver's library, installed with the driver, never with PyTorch. */
  static final String DRIVER_LIBRARY = "libcuda.so.1";

  /** Folders where Linux distributions and NVIDIA's installers put the driver's library. */
  static final List<Path> SYSTEM_LIBRARY_DIRS =
      Stream.of(
              "/usr/lib/x86_64-linux-gnu",
              "/lib/x86_64-linux-gnu",
              "/usr/lib64",
              "/lib64",
              "/usr/lib",
              "/usr/lib/wsl/lib",
              "/usr/local/nvidia/lib64",
              "/usr/local/cuda/lib64")
          .map(Path::of)
          .toList();

  private static final List<String> CONDA_FOLDERS =
      List.of("miniconda3", "anaconda3", "miniforge3", "mambaforge");

  private final Map<String, String> env;
  private final Path home;
  private final List<Path> systemRoots;
  private final List<Path> libraryDirs;

  /**
   * @param env the environment ({@code VIRTUAL_ENV}, {@code CONDA_PREFIX}, {@code LD_LIBRARY_PATH})
   * @param home the user's home folder
   * @param systemRoots folders that stand for {@code /}: where {@code opt/conda} and {@code
   *     usr/lib/python3} are looked for
   * @param libraryDirs the system library folders searched for the driver's and CUDA's libraries
   */
  public TorchInstalls(
      Map<String, String> env, Path home, List<Path> systemRoots, List<Path> libraryDirs) {
    this.env = Map.copyOf(env);
    this.home = Objects.requireNonNull(home, "home");
    this.systemRoots = List.copyOf(systemRoots);
    this.libraryDirs = List.copyOf(libraryDirs);
  }

  /** What this computer has: its environment, home folder, {@code /} and library folders. */
  public static TorchInstalls forThisComputer() {
    List<Path> libraries = new ArrayList<>(SYSTEM_LIBRARY_DIRS);
    libraries.addAll(CudaLibraries.configuredDirs(Path.of("/etc/ld.so.conf.d")));
    return new TorchInstalls(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        List.of(Path.of("/")),
        libraries);
  }

  /**
   * Every PyTorch installation found, each once (the first place it was seen names it), checked.
   */
  public List<TorchInstall> find() {
    Map<Path, TorchInstall> found = new LinkedHashMap<>();
    candidates()
        .forEach(
            (sitePackages, origin) ->
                TorchLayout.of(sitePackages.resolve("torch"))
                    .ifPresent(
                        layout ->
                            found.putIfAbsent(
                                realPath(layout.libraryDir()), check(layout, origin))));
    return List.copyOf(found.values());
  }

  /**
   * Checks a folder the artist chose: the {@code torch/lib} folder, the {@code torch} folder, a
   * {@code site-packages} folder or a libtorch folder.
   */
  public TorchInstall check(Path chosenFolder) {
    Path dir = chosenFolder.toAbsolutePath().normalize();
    String origin = "chosen folder";
    if (!Files.isDirectory(dir)) {
      return new TorchInstall(
          dir, origin, "", "", List.of("The folder " + dir + " does not exist."));
    }
    return TorchLayout.of(dir)
        .map(layout -> check(layout, origin))
        .orElseGet(
            () ->
                new TorchInstall(
                    dir,
                    origin,
                    "",
                    "",
                    List.of(
                        "There is no PyTorch library ("
                            + TorchLayout.LIBTORCH
                            + ") in "
                            + dir
                            + ": choose PyTorch's torch/lib folder, the torch folder, the"
                            + " site-packages folder that holds it, or a libtorch folder.")));
  }

  private TorchInstall check(TorchLayout layout, String origin) {
    List<String> problems = new ArrayList<>();
    buildProblem(layout).ifPresent(problems::add);
    if (problems.isEmpty()) {
      problems.addAll(new CudaLibraries(layout, searchedDirs()).missing());
    }
    if (CudaLibraries.find(searchedDirs(), DRIVER_LIBRARY).isEmpty()) {
      problems.add(
          "The NVIDIA driver's library ("
              + DRIVER_LIBRARY
              + ") was not found in this computer's library folders: install the NVIDIA driver"
              + " for your GPU, then restart the studio.");
    }
    return new TorchInstall(layout.libraryDir(), origin, layout.version(), layout.cuda(), problems);
  }

  /** Why this build cannot serve the engine (version, CPU-only, CUDA major), if it cannot. */
  private static Optional<String> buildProblem(TorchLayout layout) {
    String version = layout.version();
    String torch = "PyTorch " + version;
    if (version.isEmpty()) {
      return Optional.of(
          "Atelier cannot tell which PyTorch version is in "
              + layout.libraryDir()
              + " (it has no torch/version.py or build-version file). "
              + NEEDED);
    }
    String minor = EngineRoute.TORCH_VERSION.substring(0, 4); // "2.7."
    if (!version.startsWith(minor)) {
      return Optional.of("This is " + torch + ". " + NEEDED);
    }
    if (layout.cuda().isEmpty()) {
      return Optional.of(
          "This " + torch + " is built without CUDA, so it cannot use an NVIDIA GPU. " + NEEDED);
    }
    String major = layout.cuda().split("\\.")[0];
    String wanted = EngineRoute.CUDA_VERSION.split("\\.")[0];
    if (!major.equals(wanted)) {
      return Optional.of(
          "This "
              + torch
              + " is built for CUDA "
              + layout.cuda()
              + ", but Atelier's engine is built for CUDA "
              + wanted
              + ". "
              + NEEDED);
    }
    return Optional.empty();
  }

  /** The system library folders, then those on {@code LD_LIBRARY_PATH}. */
  private List<Path> searchedDirs() {
    Set<Path> dirs = new LinkedHashSet<>(libraryDirs);
    String path = env.getOrDefault("LD_LIBRARY_PATH", "");
    for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
      if (!entry.isBlank()) {
        dirs.add(Path.of(entry.strip()));
      }
    }
    return List.copyOf(dirs);
  }

  /** The site-packages folders to look in, each with where it is, in words. */
  private Map<Path, String> candidates() {
    Map<Path, String> sites = new LinkedHashMap<>();
    envPrefix("VIRTUAL_ENV").ifPresent(p -> addPrefix(sites, p, "virtual environment " + shown(p)));
    envPrefix("CONDA_PREFIX").ifPresent(p -> addPrefix(sites, p, "conda " + shown(p)));
    addPrefix(sites, home.resolve(".local"), "pip (~/.local)");
    for (String folder : CONDA_FOLDERS) {
      addConda(sites, home.resolve(folder));
    }
    for (Path python : children(home.resolve(".pyenv/versions"))) {
      addPrefix(sites, python, "pyenv " + python.getFileName());
    }
    for (Path root : systemRoots) {
      addConda(sites, root.resolve("opt/conda"));
      Path system = root.resolve("usr/lib/python3/dist-packages");
      sites.putIfAbsent(system, "system Python (" + shown(system) + ")");
      for (Path lib : pythons(root.resolve("usr/local/lib"))) {
        Path dist = lib.resolve("dist-packages");
        sites.putIfAbsent(dist, "pip (" + shown(dist) + ")");
      }
    }
    return sites;
  }

  private void addConda(Map<Path, String> sites, Path conda) {
    addPrefix(sites, conda, "conda " + shown(conda));
    for (Path environment : children(conda.resolve("envs"))) {
      addPrefix(sites, environment, "conda environment " + environment.getFileName());
    }
  }

  /** Adds {@code PREFIX/lib/python3.*}{@code /site-packages}. */
  private static void addPrefix(Map<Path, String> sites, Path prefix, String origin) {
    for (Path lib : pythons(prefix.resolve("lib"))) {
      sites.putIfAbsent(lib.resolve("site-packages"), origin);
    }
  }

  private Optional<Path> envPrefix(String name) {
    return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank()).map(Path::of);
  }

  /** The {@code python3.*} folders in {@code lib}, newest name last. */
  private static List<Path> pythons(Path lib) {
    return children(lib).stream()
        .filter(p -> p.getFileName().toString().startsWith("python3."))
        .toList();
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** A path as the artist reads it, with the home folder as {@code ~}. */
  private String shown(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(home) && !p.equals(home) ? "~/" + home.relativize(p) : p.toString();
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }
}
