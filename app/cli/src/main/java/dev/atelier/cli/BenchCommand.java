package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.bench.Bench;
import dev.atelier.bench.CatalogBench;
import dev.atelier.bench.GasBench;
import dev.atelier.chain.Devnet;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import dev.atelier.engine.EngineInfo;
import dev.atelier.generate.GenerationSession;
import dev.atelier.wallet.DevelopmentAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier bench}: prints performance figures; run by hand, not by the tests. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure generation speed (batch 1 against batch N), DJL against Python torch on the same"
          + " TorchScript UNet, and memory over many generations.",
      "With --gas, measure instead the gas each minted token costs on a local devnet; with"
          + " --catalog N, catalog search latency over N images.",
      "Prints figures; nothing is stored."
    })
final class BenchCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  @Option(names = "--model", description = "Model for the throughput figures (default: first).")
  String model;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "1,4,8",
      description = "Batch sizes (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(
      names = "--steps",
      defaultValue = "20",
      description = "Steps per generation (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--cfg",
      defaultValue = "3",
      description = "Guidance; above 1 each step runs 2N images (default ${DEFAULT-VALUE}).")
  double cfg;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Timed generations per batch size (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--sd",
      paramLabel = "DIR",
      description = "A Stable-Diffusion-format model to compare DJL with Python torch on.")
  Path sd;

  @Option(
      names = "--sd-size",
      defaultValue = "64",
      description = "Image side for the UNet comparison (default ${DEFAULT-VALUE}).")
  int sdSize;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      description = "Python with torch (default ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--memory",
      defaultValue = "100",
      description = "Generations for the memory figure, 0 to skip (default ${DEFAULT-VALUE}).")
  int memory;

  @Option(
      names = "--gas",
      description =
          "Instead: gas per minted token of the Atelier collection against a plain OpenZeppelin"
              + " ERC-721, on a local Anvil devnet started for the run (needs `npm ci` in"
              + " tools/js).")
  boolean gas;

  @Option(
      names = "--gas-batches",
      split = ",",
      defaultValue = "10,100",
      description = "Batch sizes of the batch mint with --gas (default ${DEFAULT-VALUE}).")
  List<Integer> gasBatches;

  @Option(
      names = "--catalog",
      paramLabel = "N",
      description =
          "Instead: catalog search latency (full-text, filters, paging) over N synthetic images in"
              + " a temporary catalog, e.g. --catalog 10000.")
  Integer catalog;

  @Option(
      names = "--catalog-rounds",
      defaultValue = "20",
      description = "Timed runs of each catalog query (default ${DEFAULT-VALUE}).")
  int catalogRounds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (gas) {
      return gas(out);
    }
    if (catalog != null) {
      return catalog(out);
    }
    out.println("Engine: " + EngineInfo.detect().summary());
    out.println(
        "JVM: " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    try (Studio studio = root.startStudio()) {
      GenerationSession session = studio.generation();
      DiffusionModel loaded = session.load(session.find(model));
      throughput(out, loaded);
      if (memory > 0) {
        memory(out, loaded);
      }
    }
    if (sd != null) {
      unetVersusTorch(out);
    }
    return ExitCodes.OK;
  }

  /** {@code --catalog N}: search latency over a synthetic catalog. */
  private int catalog(PrintWriter out) {
    if (catalog < 1 || catalogRounds < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--catalog and --catalog-rounds must be at least 1");
    }
    out.print(CatalogBench.describe(CatalogBench.measure(catalog, catalogRounds)));
    out.flush();
    return ExitCodes.OK;
  }

  /** Images per second at each batch size, and what batching gains. */
  private void throughput(PrintWriter out, DiffusionModel loaded) {
    int size = loaded.defaults().width();
    out.printf(
        Locale.ROOT,
        "%n%s, %dx%d, %d steps, guidance %.1f:%n",
        loaded.id(),
        size,
        size,
        steps,
        cfg);
    java.util.List<Bench.Throughput> measured = new java.util.ArrayList<>();
    for (int batch : batches) {
      Bench.Throughput t = Bench.throughput(loaded, batch, steps, cfg, size, rounds);
      measured.add(t);
      out.println("  " + Bench.describe(t));
    }
    if (measured.size() > 1) {
      out.printf(
          Locale.ROOT,
          "  batching %d images gives %.2fx the images/s of one at a time%n",
          measured.getLast().batch(),
          measured.getLast().imagesPerSecond() / measured.getFirst().imagesPerSecond());
    }
  }

  /** Resident memory before and after many generations. */
  private void memory(PrintWriter out, DiffusionModel loaded) {
    Bench.MemoryDrift d = Bench.memoryOver(loaded, memory, loaded.defaults().width());
    out.printf(
        Locale.ROOT,
        "%nMemory over %d generations: resident %d MiB -> %d MiB (%+d), peak %d MiB%n",
        d.generations(),
        d.startMiB(),
        d.endMiB(),
        d.endMiB() - d.startMiB(),
        d.peakMiB());
  }

  /** {@code --sd DIR}: one UNet forward in DJL against Python torch, per batch size. */
  private void unetVersusTorch(PrintWriter out) throws Exception {
    try (SdTorchScriptModel sdModel = SdTorchScriptModel.load(sd)) {
      out.printf(
          Locale.ROOT,
          "%nUNet forward of %s at %dpx, DJL against Python torch:%n",
          sdModel.id(),
          sdSize);
      for (int batch : batches) {
        Bench.EngineComparison c = Bench.unetVersusTorch(sdModel, sd, batch, sdSize, 20, python);
        out.printf(
            Locale.ROOT,
            "  batch %2d, %d threads: DJL %.2f ms, %s%n",
            c.batch(),
            c.threads(),
            c.djlMs(),
            c.torchMs()
                .map(
                    t ->
                        String.format(
                            Locale.ROOT,
                            "%s %.2f ms, ratio DJL/torch %.2f",
                            c.torchNote(),
                            t,
                            c.ratio().orElseThrow()))
                .orElse(c.torchNote()));
      }
    }
  }

  /** {@code --gas}: deploys and mints on a fresh devnet with development account 0. */
  private int gas(PrintWriter out) {
    try (Devnet devnet = GasBench.startDevnet();
        UnlockedAccount minter = DevelopmentAccounts.unlocked(0, Duration.ofMinutes(10))) {
      out.printf(
          Locale.ROOT,
          "Gas per minted token on a local Anvil devnet (chain %d), minter %s:%n%n",
          Devnet.CHAIN_ID,
          minter.address());
      out.print(GasBench.describe(GasBench.measure(devnet, minter, gasBatches)));
      out.flush();
    }
    return ExitCodes.OK;
  }
}
