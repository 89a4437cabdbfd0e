package dev.atelier.cli;

import dev.atelier.config.Settings;
import dev.atelier.engine.DeviceChoice;
import dev.atelier.engine.EngineInfo;
import dev.atelier.engine.EngineLoadException;
import dev.atelier.engine.EngineRoute;
import dev.atelier.engine.EngineSetup;
import dev.atelier.engine.GpuInfo;
import dev.atelier.engine.GpuScan;
import dev.atelier.engine.NvidiaSmi;
import dev.atelier.engine.RouteCheck;
import dev.atelier.engine.RouteReport;
import dev.atelier.engine.TorchInstall;
import dev.atelier.engine.TorchInstalls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier engine ...}: what the engine runs on, the GPUs and PyTorch installations found,
 * and the saved setup (which applies at the next start). A CUDA setup is tried in a child process
 * before it is saved, so a library that crashes never touches this one.
 */
@Command(
    name = "engine",
    description = "Show the engine and device in use, the GPUs and PyTorch installations found.",
    mixinStandardHelpOptions = true,
    subcommands = {
      EngineCommand.UseCpu.class,
      EngineCommand.UsePyTorch.class,
      EngineDownloadCommand.class,
      EngineCommand.Check.class
    })
final class EngineCommand implements Callable<Integer> {

  /** How long a child process may take to load the engine. */
  static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  Settings settings() {
    return Settings.load(root.dirs().settingsFile());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Engine: " + engineLine());
    out.println("Saved:  " + describe(EngineSetup.read(settings())) + " (applies at each start)");
    printGpus(out, NvidiaSmi.onPath().scan());
    printInstalls(out, TorchInstalls.forThisComputer().find());
    out.println();
    out.println("To switch (each applies at the next start):");
    out.println(
        "  atelier engine use-pytorch DIR   a PyTorch "
            + EngineRoute.TORCH_VERSION
            + " with CUDA "
            + EngineRoute.CUDA_VERSION
            + " ("
            + EngineRoute.CUDA_FLAVOR
            + "), DIR holding libtorch.so (pip: site-packages/torch/lib)");
    out.println(
        "  atelier engine download-cuda     download those libraries once from DJL's servers"
            + " (a few GB: shows the size and asks first)");
    out.println("  atelier engine use-cpu           the bundled CPU libraries");
    out.println("  atelier engine check             load the saved setup in a separate process");
    out.println("  atelier --device gpu:N ...       one command on another device");
    return ExitCodes.OK;
  }

  /**
   * What the engine runs on, or why it does not load: the rest (GPUs, installations) is what helps
   * most then, so it is still shown.
   */
  private static String engineLine() {
    try {
      return EngineInfo.detect().summary();
    } catch (EngineLoadException e) {
      return "does not load: " + e.getMessage();
    }
  }

  private static void printGpus(PrintWriter out, GpuScan scan) {
    out.println("GPUs:");
    for (GpuInfo gpu : scan.gpus()) {
      out.println("  " + gpu.label() + ", driver " + gpu.driver());
    }
    if (scan.gpus().isEmpty()) {
      out.println("  none found" + scan.problem().map(p -> ": " + p).orElse(""));
    }
  }

  private static void printInstalls(PrintWriter out, List<TorchInstall> installs) {
    out.println("PyTorch installations:");
    if (installs.isEmpty()) {
      out.println("  none found in the usual pip and conda places");
    }
    for (TorchInstall t : installs) {
      out.println(
          "  "
              + t.libraryDir()
              + " ("
              + t.origin()
              + ", PyTorch "
              + (t.version().isEmpty() ? "of unknown version" : t.version())
              + (t.cuda().isEmpty() ? ", CPU only" : ", CUDA " + t.cuda())
              + ")"
              + (t.usable() ? ": usable" : ":"));
      t.problems().forEach(p -> out.println("      " + p));
    }
  }

  /** "the installed PyTorch in /x/torch/lib, on GPU 0". */
  static String describe(EngineSetup s) {
    return s.librariesInWords() + ", on " + s.device().label();
  }

  /** {@code atelier engine use-cpu}. */
  @Command(
      name = "use-cpu",
      mixinStandardHelpOptions = true,
      description = "Use the bundled CPU libraries from the next start.")
  static final class UseCpu implements Callable<Integer> {
    @ParentCommand EngineCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Settings settings = parent.settings();
      EngineSetup setup = EngineSetup.DEFAULT;
      setup.save(settings);
      spec.commandLine()
          .getOut()
          .println("Saved: " + describe(setup) + "; it applies at the next start.");
      return ExitCodes.OK;
    }
  }

  /** {@code atelier engine use-pytorch DIR}. */
  @Command(
      name = "use-pytorch",
      mixinStandardHelpOptions = true,
      description =
          "Use a PyTorch with CUDA installed on this computer, from the next start."
              + " The folder is checked, then the engine is loaded from it in a separate process;"
              + " nothing is saved unless both succeed.")
  static final class UsePyTorch implements Callable<Integer> {
    @ParentCommand EngineCommand parent;
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "DIR",
        description = "The folder with libtorch.so, or the torch folder.")
    Path folder;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      TorchInstall install = TorchInstalls.forThisComputer().check(folder);
      if (!install.usable()) {
        err.println("atelier: " + folder + " cannot be used; nothing was saved:");
        install.problems().forEach(p -> err.println("  " + p));
        return ExitCodes.BAD_INPUT;
      }
      DeviceChoice device = parent.root.device != null ? parent.root.device : DeviceChoice.gpu(0);
      EngineSetup setup =
          EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, install.libraryDir(), device);
      RouteReport report = RouteCheck.run(setup, CHECK_TIMEOUT);
      if (!report.ok()) {
        err.println(
            "atelier: the engine did not load from "
                + install.libraryDir()
                + "; nothing was saved: "
                + report.problem());
        return ExitCodes.FAILURE;
      }
      setup.save(parent.settings());
      out.println("Loaded " + report.engine() + " in a separate process.");
      out.println("Saved: " + describe(setup) + "; it applies at the next start.");
      return ExitCodes.OK;
    }
  }

  /** {@code atelier engine check}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Load the saved setup in a separate process and say what it found.")
  static final class Check implements Callable<Integer> {
    @ParentCommand EngineCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      EngineSetup setup = EngineSetup.read(parent.settings());
      RouteReport report = RouteCheck.run(setup, CHECK_TIMEOUT);
      if (!report.ok()) {
        spec.commandLine()
            .getErr()
            .println("atelier: " + describe(setup) + " does not load: " + report.problem());
        return ExitCodes.FAILURE;
      }
      spec.commandLine().getOut().println(describe(setup) + ": " + report.engine());
      return ExitCodes.OK;
    }
  }
}
