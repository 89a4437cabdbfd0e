package dev.atelier.gui;

import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.TorchInstall;
import dev.atelier.gui.settings.CudaLibraries;
import dev.atelier.gui.settings.DeviceProbe;
import dev.atelier.gui.settings.RouteTrial;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Device section's view of a build that has no GPU detection, CUDA check or download yet: each
 * answer says so in words, and nothing is found, so the built-in CPU libraries stay in use.
 */
enum UnwiredDevice implements DeviceProbe, CudaLibraries {
  INSTANCE;

  private static final String NOT_YET = " is not part of this build of Atelier yet.";

  @Override
  public Gpus gpus() {
    return new Gpus(List.of(), Optional.of("Looking for GPUs" + NOT_YET));
  }

  @Override
  public List<TorchInstall> installs() {
    return List.of();
  }

  @Override
  public TorchInstall check(Path folder) {
    return new TorchInstall(
        folder, "chosen folder", "", "", List.of("Checking a PyTorch folder" + NOT_YET));
  }

  @Override
  public RouteTrial tryRoute(EngineSetup setup) {
    return RouteTrial.failed("Trying CUDA libraries" + NOT_YET);
  }

  @Override
  public long downloadBytes() throws IOException {
    throw new IOException("downloading the CUDA libraries" + NOT_YET);
  }

  @Override
  public Optional<Path> installed() {
    return Optional.empty();
  }

  @Override
  public Path download(Progress progress, CancellationToken cancel) throws IOException {
    throw new IOException("Downloading the CUDA libraries" + NOT_YET);
  }
}
