package dev.atelier.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * A PyTorch installation found on this computer, and whether the engine can use it.
 *
 * @param libraryDir the folder with {@code libtorch.so} (for pip and conda, {@code
 *     site-packages/torch/lib})
 * @param origin where it was found, in words: "pip (~/.local)", "conda (base)", "chosen folder"
 * @param version PyTorch's version as it writes it, e.g. "2.7.1+cu128"; empty when unknown
 * @param cuda the CUDA version it was built for, e.g. "12.8"; empty for a CPU-only build
 * @param problems why the engine cannot use it, each a sentence for the artist; empty when usable
 */
public record TorchInstall(
    Path libraryDir, String origin, String version, String cuda, List<String> problems) {

  public TorchInstall {
    problems = List.copyOf(problems);
  }

  /** Whether the engine can load it for CUDA. */
  public boolean usable() {
    return problems.isEmpty();
  }
}
