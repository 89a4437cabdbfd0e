package dev.atelier.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether the CUDA libraries a PyTorch installation loads are where the loader will find them.
 * PyTorch's CUDA library ({@code libtorch_cuda.so}) needs the CUDA runtime, cuBLAS and cuDNN. A pip
 * installation brings them as NVIDIA packages beside {@code torch} ({@code
 * site-packages/nvidia/cuda_runtime/lib/libcudart.so.12}, …); conda puts them in the environment's
 * {@code lib}; a libtorch distribution has them in its own {@code lib}, some with a hash in the
 * name ({@code libcudart-9335f6a2.so.12}); else they come from the system's library folders.
 */
final class CudaLibraries {

  /**
   * One library PyTorch's CUDA part needs.
   *
   * @param label its name for people
   * @param pipFolder its folder under {@code site-packages/nvidia} in a pip installation
   * @param file its file name
   * @param name its file name, with or without a hash after the base name
   */
  record Needed(String label, String pipFolder, String file, Pattern name) {

    static Needed of(String label, String pipFolder, String base, String major) {
      String file = base + ".so." + major;
      return new Needed(
          label,
          pipFolder,
          file,
          Pattern.compile(Pattern.quote(base) + "(-[0-9a-f]{8})?\\.so\\." + major + "(\\..*)?"));
    }
  }

  static final List<Needed> NEEDED =
      List.of(
          Needed.of("CUDA runtime", "cuda_runtime", "libcudart", "12"),
          Needed.of("cuBLAS", "cublas", "libcublas", "12"),
          Needed.of("cuDNN", "cudnn", "libcudnn", "9"));

  static final String TORCH_CUDA = "libtorch_cuda.so";

  private final TorchLayout layout;
  private final List<Path> systemDirs;

  CudaLibraries(TorchLayout layout, List<Path> systemDirs) {
    this.layout = layout;
    this.systemDirs = List.copyOf(systemDirs);
  }

  /** A sentence for each library that is missing; empty when all are there. */
  List<String> missing() {
    List<String> problems = new ArrayList<>();
    if (!Files.isRegularFile(layout.libraryDir().resolve(TORCH_CUDA))) {
      problems.add(
          "PyTorch's CUDA library ("
              + TORCH_CUDA
              + ") is missing from "
              + layout.libraryDir()
              + ": reinstall PyTorch ("
              + TorchInstalls.PIP_COMMAND
              + ").");
      return problems;
    }
    for (Needed needed : NEEDED) {
      if (!present(needed)) {
        problems.add(
            "The "
                + needed.label()
                + " library "
                + needed.file()
                + " was not found next to PyTorch or in this computer's library folders:"
                + " reinstall PyTorch so that pip brings its NVIDIA packages ("
                + TorchInstalls.PIP_COMMAND
                + ").");
      }
    }
    return problems;
  }

  private boolean present(Needed needed) {
    List<Path> dirs = new ArrayList<>();
    layout
        .sitePackages()
        .ifPresent(s -> dirs.add(s.resolve("nvidia/" + needed.pipFolder() + "/lib")));
    dirs.add(layout.libraryDir());
    layout.prefixLib().ifPresent(dirs::add);
    dirs.addAll(systemDirs);
    return find(dirs, needed.file()).isPresent() || matches(layout.libraryDir(), needed.name());
  }

  /** The first of {@code dirs} that holds {@code file}. */
  static Optional<Path> find(List<Path> dirs, String file) {
    return dirs.stream().map(d -> d.resolve(file)).filter(Files::exists).findFirst();
  }

  /** Whether a file in {@code dir} has a name that {@code name} matches. */
  private static boolean matches(Path dir, Pattern name) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> name.matcher(f.getFileName().toString()).matches());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The library folders the system's loader is configured with: the lines that name a folder in the
   * {@code *.conf} files of {@code confDir} (on Linux {@code /etc/ld.so.conf.d}, where NVIDIA's and
   * CUDA's installers add theirs).
   */
  static List<Path> configuredDirs(Path confDir) {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(confDir)) {
      return dirs;
    }
    try (Stream<Path> files = Files.list(confDir)) {
      for (Path conf : files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
        for (String line : Files.readAllLines(conf)) {
          String entry = line.strip();
          if (entry.startsWith("/")) {
            dirs.add(Path.of(entry));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return dirs;
    }
    return dirs;
  }
}
