package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.bench.Bench;
import dev.atelier.bench.CatalogBench;
import dev.atelier.bench.GasBench;
import dev.atelier.bench.GasSweep;
import dev.atelier.bench.GasSweepTable;
import dev.atelier.bench.GemmPeak;
import dev.atelier.bench.SdBench;
import dev.atelier.bench.SdGenerationBench;
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
          + " --catalog N, catalog search latency over N images; with --sd15, Stable Diffusion"
          + " 1.5 at 512x512 on a full-size checkpoint of random weights.",
      "With --sheet FILE, measure instead the built-in model as a new user meets it: every"
          + " style at the default settings, judged by an independent judge, with diversity and"
          + " distance to the training set, and write a contact sheet; with --judge, check that"
          + " judge itself.",
      "Prints figures; nothing is stored, except the checkpoint --sd15 caches and the sheet."
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
      paramLabel = "N",
      description =
          "Steps per generation (default 20); with --sd15, timed UNet steps per batch size"
              + " (default 3).")
  Integer steps;

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
              + " ERC-721, ERC721A and Solady, by batch size and for the largest batch under the"
              + " per-transaction gas cap, on a local Anvil devnet started for the run (needs"
              + " `npm ci` in tools/js).")
  boolean gas;

  @Option(
      names = "--gas-batches",
      split = ",",
      defaultValue = "1,10,50",
      description =
          "Batch sizes with --gas, besides the largest under the cap (default"
              + " ${DEFAULT-VALUE}).")
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

  @Option(
      names = "--sd15",
      description =
          "Instead: Stable Diffusion 1.5 at 512x512 through Atelier's own networks, on a"
              + " full-size checkpoint of random weights (written once, about 2.1 GB, into"
              + " bench/ in the cache folder, e.g. ~/.cache/atelier/bench/ on Linux, and reused;"
              + " delete it at will): load, text encoding, UNet step at batch 1"
              + " and 2, VAE decode, peak memory, and the UNet's speed against this machine's"
              + " matrix-product peak.")
  boolean sd15;

  @Option(
      names = "--torchscript",
      paramLabel = "DIR",
      description =
          "With --sd15: also measure a TorchScript export of SD 1.5 (a torchscript-sd model"
              + " folder) the same way, to compare the two routes.")
  Path torchscript;

  @Option(
      names = "--generate",
      paramLabel = "SAMPLER:STEPS:GUIDANCE",
      split = ",",
      description =
          "With --sd15: instead of the per-phase figures, time whole 512x512 generations (text"
              + " encoding, sampling, VAE decode) with these settings, e.g. --generate"
              + " dpmpp-2m-karras:20:7.5,lcm:4:1; the first is the baseline the others are put"
              + " against.")
  List<String> generate;

  @Option(
      names = "--compare-lcm",
      description =
          "With --sd15: time a whole 512x512 generation with 20 steps of DPM++ 2M at guidance 7.5"
              + " and with 4 steps of LCM at guidance 1 (one UNet evaluation per step), and print"
              + " the ratio (the same as --generate dpmpp-2m-karras:20:7.5,lcm:4:1).")
  boolean compareLcm;

  @Option(
      names = "--sheet",
      paramLabel = "FILE",
      description =
          "Instead: generate every style of the built-in model (or --model, if trained on"
              + " Atelier's procedural set) at its default settings, print per style the share"
              + " of variants the independent judge accepts as that style, their diversity"
              + " against the training set's and their distance to the nearest training picture,"
              + " and write the contact sheet to FILE (PNG).")
  Path sheet;

  @Option(
      names = "--variants",
      defaultValue = "4",
      description = "Variants per style with --sheet (default ${DEFAULT-VALUE}).")
  int variants;

  @Option(
      names = "--judge",
      description =
          "Instead: check the judge --sheet uses, on procedural pictures it was not fitted on and"
              + " on deliberately bad ones (noise, blobs, blank, blur, palette swaps), and print"
              + " its confusion matrix.")
  boolean judge;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (sheet != null) {
      return sheet(out);
    }
    if (judge) {
      QualityBench.judgeCheck(out);
      return ExitCodes.OK;
    }
    if (sd15) {
      return sd15(out, spec.commandLine().getErr());
    }
    if (torchscript != null || generate != null || compareLcm) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--torchscript, --generate and --compare-lcm are measured with --sd15");
    }
    if (steps == null) {
      steps = 20;
    }
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

  /** {@code --sd15}: the native SD 1.5 networks, and a TorchScript export when given. */
  private int sd15(PrintWriter out, PrintWriter err) throws Exception {
    int timed = steps == null ? 3 : steps;
    if (timed < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--steps must be at least 1");
    }
    List<SdGenerationBench.Setting> settings = generationSettings();
    out.println("Engine: " + EngineInfo.detect().summary());
    out.println(
        "JVM: " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    Path folder = root.dirs().cache().resolve("bench");
    Path checkpoint;
    try (Interrupts interrupts = Interrupts.install(err)) {
      ProgressBar bar = new ProgressBar(err, "Random SD 1.5 checkpoint");
      long[] shown = {-1};
      checkpoint =
          SdBench.checkpoint(
              folder,
              (done, total) -> {
                long mib = done >> 20;
                if (mib / 64 != shown[0] / 64 || done == total) {
                  shown[0] = mib;
                  bar.update((int) mib, (int) (total >> 20), "MiB");
                }
              },
              interrupts::cancelled);
      if (shown[0] >= 0) {
        bar.finish();
      }
    } catch (java.util.concurrent.CancellationException e) {
      err.println("Cancelled; no checkpoint was left behind.");
      return ExitCodes.CANCELLED;
    }
    out.printf(
        Locale.ROOT,
        "Checkpoint: %s (%.2f GB, random weights, cached)%n",
        checkpoint,
        java.nio.file.Files.size(checkpoint) / 1e9);
    if (!settings.isEmpty()) {
      return generations(out, checkpoint, folder, settings);
    }
    GemmPeak.Result peak = GemmPeak.measure();
    out.printf(
        Locale.ROOT,
        "GEMM peak: %.1f GFLOP/s (%dx%<d float32 matrix product, best of 5)%n%n",
        peak.gflops(),
        peak.n());
    out.flush();
    SdBench.Figures figures = SdBench.nativeRoute(checkpoint, timed);
    out.print(SdBench.describe(figures, peak));
    out.flush();
    if (torchscript != null) {
      SdBench.Figures ts = SdBench.torchScriptRoute(torchscript, timed);
      out.println();
      out.print(SdBench.describe(ts, peak));
      out.print(SdBench.compare(ts, figures));
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** The settings of {@code --generate} and {@code --compare-lcm}, checked before any work. */
  private List<SdGenerationBench.Setting> generationSettings() {
    if (compareLcm && generate != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "Give either --compare-lcm or --generate, not both");
    }
    if (!compareLcm && generate == null) {
      return List.of();
    }
    if (torchscript != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--generate and --compare-lcm time Atelier's own networks only, not --torchscript");
    }
    if (compareLcm) {
      return SdGenerationBench.LCM_COMPARISON;
    }
    try {
      return generate.stream().map(SdGenerationBench.Setting::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--generate: " + e.getMessage());
    }
  }

  /** {@code --generate} / {@code --compare-lcm}: whole generations on the random checkpoint. */
  private int generations(
      PrintWriter out, Path checkpoint, Path folder, List<SdGenerationBench.Setting> settings)
      throws Exception {
    out.println("Importing and loading the checkpoint (its hash is checked twice, untimed)...");
    out.flush();
    try (DiffusionModel model =
        SdGenerationBench.load(
            checkpoint, folder.resolve("models"), dev.atelier.task.CancellationToken.NONE)) {
      out.println();
      out.print(
          SdGenerationBench.describe(
              SdGenerationBench.measure(model, settings, SdBench.SIDE, 1), SdBench.SIDE));
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** {@code --sheet FILE}: the built-in model's styles, judged, and their contact sheet. */
  private int sheet(PrintWriter out) throws java.io.IOException {
    if (variants < 2 || variants > 16) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--variants must be 2 to 16");
    }
    Path file = sheet.toAbsolutePath();
    if (file.getParent() != null && !java.nio.file.Files.isDirectory(file.getParent())) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--sheet: no folder " + file.getParent());
    }
    try (Studio studio = root.startStudio()) {
      QualityBench.sheet(studio.generation(), model, variants, file, out);
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
      out.print(GasBench.describe(GasBench.measure(devnet, minter, List.of())));
      out.println();
      out.print(GasSweepTable.describe(GasSweep.measure(devnet, minter, gasBatches)));
      out.flush();
    }
    return ExitCodes.OK;
  }
}
