package dev.atelier.cli;

import dev.atelier.engine.CudaDownload;
import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.EngineRoute;
import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.RouteCheck;
import dev.atelier.engine.RouteReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier engine download-cuda}: DJL's published CUDA libraries for the engine, downloaded
 * once into DJL's cache after the user agreed to the size, then loaded in a separate process and
 * saved as the setup for the next start. Nothing is downloaded without a "yes" or {@code --yes}.
 */
@Command(
    name = "download-cuda",
    mixinStandardHelpOptions = true,
    description =
        "Download the engine's CUDA libraries (PyTorch "
            + EngineRoute.TORCH_VERSION
            + ", CUDA "
            + EngineRoute.CUDA_VERSION
            + ") once from DJL's servers, check them in a separate process and use them from the"
            + " next start. Needs internet and an NVIDIA driver; asks before downloading.")
final class EngineDownloadCommand implements Callable<Integer> {

  @ParentCommand EngineCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--yes", description = "Download without asking.")
  boolean yes;

  @Option(
      names = "--from",
      paramLabel = "URL",
      description =
          "A mirror of DJL's published PyTorch folder (default: "
              + "https://publish.djl.ai/pytorch/"
              + EngineRoute.TORCH_VERSION
              + "/).")
  URI from;

  @Option(
      names = "--into",
      paramLabel = "DIR",
      description = "Keep the libraries under DIR (default: DJL's cache folder).")
  Path into;

  private CudaDownload download() {
    CudaDownload djl = CudaDownload.fromDjl();
    if (from == null && into == null) {
      return djl;
    }
    return new CudaDownload(
        from != null ? from : CudaDownload.DJL_BASE,
        into != null ? into : djl.target().getParent());
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CudaDownload download = download();
    CudaDownload.Plan plan = download.plan();
    Path folder;
    if (plan.files().isEmpty()) {
      folder = plan.target();
      out.println("The CUDA libraries are already downloaded: " + folder);
    } else {
      out.println("CUDA libraries: " + plan.summary() + ", into " + plan.target());
      if (!yes && !parent.root.confirm(err, "Download them?")) {
        out.println("Nothing was downloaded.");
        return ExitCodes.CANCELLED;
      }
      try (Interrupts interrupts = Interrupts.install(err)) {
        ProgressBar bar = new ProgressBar(err, "CUDA libraries");
        folder =
            download.download(
                plan,
                (done, total) -> bar.percent(done, total, CudaDownload.about(done)),
                interrupts::cancelled);
        bar.finish();
      } catch (CancellationException e) {
        err.println("Cancelled; nothing was kept.");
        return ExitCodes.CANCELLED;
      }
    }
    DeviceChoice device = parent.root.device != null ? parent.root.device : DeviceChoice.gpu(0);
    EngineSetup setup = EngineSetup.cuda(EngineRoute.DOWNLOADED_CUDA, folder, device);
    RouteReport report = RouteCheck.run(setup, EngineCommand.CHECK_TIMEOUT);
    if (!report.ok()) {
      err.println(
          "atelier: the engine did not load the downloaded libraries; nothing was saved: "
              + report.problem());
      return ExitCodes.FAILURE;
    }
    setup.save(parent.settings());
    out.println("Loaded " + report.engine() + " in a separate process.");
    out.println("Saved: " + EngineCommand.describe(setup) + "; it applies at the next start.");
    return ExitCodes.OK;
  }
}
