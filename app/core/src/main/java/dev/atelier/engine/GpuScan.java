package dev.atelier.engine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The NVIDIA GPUs this computer has, as the driver reports them, or why they could not be listed.
 *
 * @param gpus the GPUs found, by index; empty when none were found or the scan failed
 * @param problem why no GPU could be listed, a sentence for the artist; empty when the scan worked
 */
public record GpuScan(List<GpuInfo> gpus, Optional<String> problem) {

  public GpuScan {
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(problem, "problem");
  }

  /** A scan that listed {@code gpus}. */
  public static GpuScan found(List<GpuInfo> gpus) {
    return new GpuScan(gpus, Optional.empty());
  }

  /** A scan that failed, for {@code problem}. */
  public static GpuScan failed(String problem) {
    return new GpuScan(List.of(), Optional.of(problem));
  }

  /** The GPU with this index, when it was found. */
  public Optional<GpuInfo> gpu(int index) {
    return gpus.stream().filter(g -> g.index() == index).findFirst();
  }
}
