package dev.atelier.gui.settings;

import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.GpuInfo;
import dev.atelier.engine.TorchInstall;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the Device settings ask of this computer: its GPUs, the PyTorch installations on it, and
 * whether a setup loads. Each call may take seconds (it runs programs or loads native libraries),
 * so the settings call it in the background; none is expected to throw, and what one throws is
 * shown as its problem.
 */
public interface DeviceProbe {

  /**
   * The GPUs found, and why none were, if none were.
   *
   * @param found the GPUs, by index
   * @param problem why no GPU can be used, a sentence for the artist ("No NVIDIA driver is
   *     installed."); empty when GPUs were found
   */
  record Gpus(List<GpuInfo> found, Optional<String> problem) {
    public Gpus {
      found = List.copyOf(found);
    }
  }

  /** Lists the GPUs. */
  Gpus gpus();

  /** The PyTorch installations in the usual pip and conda places, usable or not. */
  List<TorchInstall> installs();

  /** Checks a folder the artist chose: a {@code torch/lib} folder, or one above it. */
  TorchInstall check(Path folder);

  /**
   * Loads the engine with {@code setup}, away from the running studio, and says whether it worked.
   */
  RouteTrial tryRoute(EngineSetup setup);
}
