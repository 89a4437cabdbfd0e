package dev.atelier.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the parts of one PyTorch installation are, found from any folder an artist might choose:
 * the {@code torch/lib} folder itself, the {@code torch} package folder, the {@code site-packages}
 * folder that holds it, or a libtorch distribution (a folder with {@code lib/} and a {@code
 * build-version} file). Its version comes from {@code torch/version.py} ({@code __version__ =
 * '2.7.1+cu128'} and {@code cuda = '12.8'}) or from libtorch's {@code build-version}.
 *
 * @param libraryDir the folder with {@code libtorch.so}
 * @param sitePackages the {@code site-packages} folder of a pip or conda installation; empty for a
 *     libtorch distribution or a bare library folder
 * @param version PyTorch's version as it writes it, e.g. "2.7.1+cu128"; empty when unknown
 * @param cuda the CUDA version it was built for, e.g. "12.8"; empty for a CPU-only build or when
 *     the version is unknown
 */
record TorchLayout(Path libraryDir, Optional<Path> sitePackages, String version, String cuda) {

  static final String LIBTORCH = "libtorch.so";

  private static final Pattern VERSION =
      Pattern.compile("(?m)^__version__\\s*(?::[^=]*)?=\\s*['\"]([^'\"]+)['\"]");
  private static final Pattern CUDA =
      Pattern.compile("(?m)^cuda\\s*(?::[^=]*)?=\\s*(?:['\"]([^'\"]*)['\"]|None)");
  private static final Pattern CUDA_SUFFIX = Pattern.compile("\\+cu(\\d+)(\\d)\\b");

  /** The installation around {@code folder}, when it holds or is near a {@code libtorch.so}. */
  static Optional<TorchLayout> of(Path folder) {
    Path dir = folder.toAbsolutePath().normalize();
    if (Files.isRegularFile(dir.resolve(LIBTORCH))) {
      return Optional.of(around(dir));
    }
    if (Files.isRegularFile(dir.resolve("lib").resolve(LIBTORCH))) {
      return Optional.of(around(dir.resolve("lib")));
    }
    if (Files.isRegularFile(dir.resolve("torch/lib").resolve(LIBTORCH))) {
      return Optional.of(around(dir.resolve("torch/lib")));
    }
    return Optional.empty();
  }

  /** The layout of a folder that holds {@code libtorch.so}. */
  private static TorchLayout around(Path libraryDir) {
    Path parent = libraryDir.getParent();
    if (parent == null) {
      return new TorchLayout(libraryDir, Optional.empty(), "", "");
    }
    Path versionPy = parent.resolve("version.py");
    if (Files.isRegularFile(versionPy)) {
      String text = read(versionPy);
      String version = first(VERSION, text);
      Matcher cuda = CUDA.matcher(text);
      String built = cuda.find() && cuda.group(1) != null ? cuda.group(1) : cudaOf(version);
      Optional<Path> site = Optional.ofNullable(parent.getParent());
      return new TorchLayout(libraryDir, site, version, version.isEmpty() ? "" : built);
    }
    Path buildVersion = parent.resolve("build-version");
    if (Files.isRegularFile(buildVersion)) {
      String version = read(buildVersion).strip();
      return new TorchLayout(libraryDir, Optional.empty(), version, cudaOf(version));
    }
    return new TorchLayout(libraryDir, Optional.empty(), "", "");
  }

  /** The CUDA version in a version's local part: "12.8" for "2.7.1+cu128"; else "". */
  static String cudaOf(String version) {
    Matcher m = CUDA_SUFFIX.matcher(version);
    return m.find() ? m.group(1) + "." + m.group(2) : "";
  }

  /**
   * The conda or virtual environment's own library folder ({@code PREFIX/lib}), when there is one.
   */
  Optional<Path> prefixLib() {
    return sitePackages
        .map(Path::getParent) // lib/python3.X
        .map(Path::getParent) // lib
        .filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("lib"));
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1).strip() : "";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
