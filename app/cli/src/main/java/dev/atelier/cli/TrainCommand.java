package dev.atelier.cli;

import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.tiny.ImageFolderImages;
import dev.atelier.diffusion.tiny.ProceduralImages;
import dev.atelier.diffusion.tiny.TinyModelBuilder;
import dev.atelier.diffusion.tiny.TinyTrainer;
import dev.atelier.diffusion.tiny.TinyUNetConfig;
import dev.atelier.diffusion.tiny.TrainingImages;
import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import dev.atelier.diffusion.tiny.data.Style;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code atelier train}: trains a built-in-format model on Atelier's procedural art set or on a
 * folder of the artist's own images. Resumable: a checkpoint is written every few steps and on
 * Ctrl+C, and running the same command again continues from it.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a small diffusion model on Atelier's procedural art set or on your own images.",
      "Stopping (Ctrl+C) keeps a checkpoint; run the same command again to continue."
    })
final class TrainCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Model folder to write.")
  Path out;

  @Option(
      names = "--name",
      defaultValue = "atelier-tiny",
      description = "Model name (default ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--model-version",
      defaultValue = "1",
      description = "Model version (default ${DEFAULT-VALUE}).")
  String version;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Train on the images in DIR instead of the procedural set.")
  Path images;

  @Option(
      names = "--dataset-size",
      defaultValue = "7200",
      description = "Procedural images (default ${DEFAULT-VALUE}).")
  int datasetSize;

  @Option(
      names = "--dataset-seed",
      defaultValue = "2026",
      description = "Seed of the procedural set (default ${DEFAULT-VALUE}).")
  long datasetSeed;

  @Option(
      names = "--steps",
      defaultValue = "6000",
      description = "Training steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Images per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--learning-rate",
      defaultValue = "5e-4",
      description = "Peak learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--warmup",
      defaultValue = "200",
      description = "Steps of learning-rate warm-up (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Training seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "100",
      description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--style-weights",
      paramLabel = "STYLE=W,...",
      split = ",",
      description =
          "Draw these styles of the procedural set more (or less) often, e.g."
              + " geometric=2.5,flow_field=2.5; unnamed styles weigh 1.")
  Map<String, Double> styleWeights = new java.util.LinkedHashMap<>();

  @Option(
      names = "--refine-channels",
      paramLabel = "N",
      description =
          "Width of the full-resolution refinement stage (default: the shipped model's; 0 for"
              + " none). Training --from a model without one adds it.")
  Integer refineChannels;

  @Option(
      names = "--stop-after",
      paramLabel = "STEP",
      description =
          "Write the model as it is after this step of the run and stop; the same command"
              + " without it continues the run later.")
  Integer stopAfter;

  @Option(
      names = "--from",
      paramLabel = "MODEL",
      description =
          "Start from this built-in-format model's weights (fine-tune) instead of random ones.")
  String from;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Checkpoint folder (default: in the cache folder).")
  Path work;

  @Override
  public Integer call() throws Exception {
    checkNumbers();
    java.util.List<Double> weights = styleWeights();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    TinyUNetConfig config = TinyUNetConfig.standard();
    if (refineChannels != null) {
      config = config.withRefineChannels(refineChannels);
    }
    TrainingImages set;
    TinyModelBuilder.Source source;
    if (images != null) {
      ImageFolderImages folder =
          ImageFolderImages.load(
              images, config.imageSize(), i -> progressLine(err, "reading image " + (i + 1)));
      err.println();
      folder.skipped().forEach(p -> err.println("skipped (not an image): " + p));
      set = folder;
      source =
          new TinyModelBuilder.Source("folder", Map.of("path", images.toAbsolutePath().toString()));
    } else {
      set =
          new ProceduralImages(new ProceduralDataset(datasetSeed, datasetSize, config.imageSize()));
      source =
          new TinyModelBuilder.Source(
              "procedural",
              Map.of("seed", datasetSeed, "count", datasetSize, "size", config.imageSize()));
    }
    err.println("Hashing " + set.size() + " training images...");
    String hash = set.datasetHash();
    err.println("Training set root " + hash);
    Path workDir =
        work != null
            ? work
            : cacheDir().resolve("training").resolve(name + "-" + hash.substring(0, 12));
    err.println("Checkpoints in " + workDir);

    Path base = null;
    if (from != null) {
      try (var studio = root.startStudio()) {
        base = root.models(studio).find(from).dir();
      }
    }
    TinyTrainer.Settings settings =
        new TinyTrainer.Settings(
                steps, batch, learningRate, warmup, 0.01, 0.999, 0.15, seed, checkpointEvery)
            .withStyleWeights(weights);
    try (Interrupts interrupts = Interrupts.install(err)) {
      ModelManifest manifest =
          TinyModelBuilder.build(
              name,
              version,
              "Atelier's built-in model: small conditional UNet trained on "
                  + (images != null ? "the artist's own images" : "Atelier's procedural art set"),
              config,
              settings,
              set,
              source,
              base,
              workDir,
              out,
              stopAfter == null ? Integer.MAX_VALUE : stopAfter,
              (step, total, loss, rate) ->
                  progressLine(
                      err,
                      String.format(
                          "step %d/%d  loss %.4f  %.2f steps/s  %s left",
                          step, total, loss, rate, eta((total - step) / Math.max(rate, 1e-9)))),
              interrupts::cancelled);
      err.println();
      outWriter.println("Model written to " + out.toAbsolutePath() + " (" + manifest.id() + ")");
      return ExitCodes.OK;
    }
  }

  private void checkNumbers() {
    if (steps < 1 || batch < 1 || checkpointEvery < 1 || datasetSize < 1) {
      throw new IllegalArgumentException(
          "--steps, --batch, --checkpoint-every and --dataset-size must be positive");
    }
    if (stopAfter != null && (stopAfter < 1 || stopAfter > steps)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--stop-after must be a step from 1 to --steps (" + steps + ")");
    }
  }

  /** {@code --style-weights} in style order, or empty when none was given. */
  private java.util.List<Double> styleWeights() {
    if (styleWeights.isEmpty()) {
      return java.util.List.of();
    }
    if (images != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--style-weights applies to the procedural set, not to --images");
    }
    Double[] weights = new Double[Style.values().length];
    java.util.Arrays.fill(weights, 1.0);
    styleWeights.forEach(
        (name, weight) -> {
          Style style;
          try {
            style = Style.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
          } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "--style-weights: no style \"" + name + "\"; the styles are " + styleNames());
          }
          if (weight == null || !(weight > 0) || weight.isInfinite()) {
            throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "--style-weights: " + name + " must weigh more than 0");
          }
          weights[style.ordinal()] = weight;
        });
    return java.util.List.of(weights);
  }

  private static String styleNames() {
    return java.util.Arrays.stream(Style.values())
        .map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private Path cacheDir() {
    return (root.home != null ? AppDirs.under(root.home) : AppDirs.forCurrentUser()).cache();
  }

  private static void progressLine(PrintWriter err, String text) {
    err.print("\r" + text + "   ");
    err.flush();
  }

  private static String eta(double seconds) {
    Duration d = Duration.ofSeconds((long) seconds);
    return d.toHours() > 0
        ? d.toHours() + "h" + d.toMinutesPart() + "m"
        : d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
  }
}
