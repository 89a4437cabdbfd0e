package dev.atelier.gui;

import dev.atelier.engine.CudaDownload;
import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.GpuScan;
import dev.atelier.engine.NvidiaSmi;
import dev.atelier.engine.RouteCheck;
import dev.atelier.engine.RouteReport;
import dev.atelier.engine.TorchInstall;
import dev.atelier.engine.TorchInstalls;
import dev.atelier.gui.settings.CudaLibraries;
import dev.atelier.gui.settings.DeviceProbe;
import dev.atelier.gui.settings.RouteTrial;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Device section's view of this computer: the GPUs {@code nvidia-smi} reports, the PyTorch
 * installations in the usual pip and conda places, a setup tried in a separate process ({@link
 * RouteCheck}), and DJL's CUDA libraries. Every call may take seconds; the section runs them in the
 * background.
 */
final class LocalDevice implements DeviceProbe, CudaLibraries {

  /** How long a separate process may take to load the engine from a setup. */
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);

  private final NvidiaSmi smi = NvidiaSmi.onPath();
  private final TorchInstalls installs = TorchInstalls.forThisComputer();
  private final CudaDownload download = CudaDownload.fromDjl();

  /** The last plan read from DJL's servers, reused by the download that follows it. */
  private volatile CudaDownload.Plan plan;

  @Override
  public Gpus gpus() {
    GpuScan scan = smi.scan();
    return new Gpus(scan.gpus(), scan.problem());
  }

  @Override
  public List<TorchInstall> installs() {
    return installs.find();
  }

  @Override
  public TorchInstall check(Path folder) {
    return installs.check(folder);
  }

  @Override
  public RouteTrial tryRoute(EngineSetup setup) {
    RouteReport report = RouteCheck.run(setup, CHECK_TIMEOUT);
    return report.ok() ? RouteTrial.passed(report.engine()) : RouteTrial.failed(report.problem());
  }

  /** Reads DJL's list of files and their sizes (online: only once the artist chose this route). */
  @Override
  public long downloadBytes() throws IOException {
    CudaDownload.Plan read = download.plan();
    plan = read;
    if (!read.sizesKnown()) {
      throw new IOException("The server did not say how big the files are");
    }
    return read.totalBytes();
  }

  @Override
  public Optional<Path> installed() {
    return download.installed();
  }

  @Override
  public Path download(Progress progress, CancellationToken cancel) throws IOException {
    CudaDownload.Plan known = plan;
    return download.download(known != null ? known : download.plan(), progress::bytes, cancel);
  }
}
