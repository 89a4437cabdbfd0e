package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.AppInfo;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains a built-in-format model and writes it as a model folder: {@code weights.ndlist} and a
 * {@code model.json} that records the architecture, the training settings, the training set's
 * Merkle root and the SHA-256 of the weights.
 */
public final class TinyModelBuilder {

  public static final String KIND = "builtin";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TinyModelBuilder() {}

  /** Describes where the training images came from, for the manifest. */
  public record Source(String type, Map<String, Object> details) {}

  /**
   * Trains (resuming from {@code workDir} when possible) and writes the model to {@code outDir}.
   */
  public static ModelManifest build(
      String name,
      String version,
      String description,
      TinyUNetConfig config,
      TinyTrainer.Settings settings,
      TrainingImages images,
      Source source,
      Path workDir,
      Path outDir,
      TinyTrainer.Listener listener,
      BooleanSupplier cancelled) {
    return build(
        name,
        version,
        description,
        config,
        settings,
        images,
        source,
        null,
        workDir,
        outDir,
        Integer.MAX_VALUE,
        listener,
        cancelled);
  }

  /**
   * As above, starting from the weights of {@code base} (a built-in-format model with the same
   * architecture, or one without the refinement stage) rather than from random ones when it is not
   * null; the manifest records which model it started from. Stops after step {@code stopAfter} of
   * the run's schedule and writes the model of that step (the averaged weights so far). The
   * manifest keeps the settings of the whole run and records the steps completed; the same run
   * continues from its checkpoint later.
   */
  public static ModelManifest build(
      String name,
      String version,
      String description,
      TinyUNetConfig config,
      TinyTrainer.Settings settings,
      TrainingImages images,
      Source source,
      Path base,
      Path workDir,
      Path outDir,
      int stopAfter,
      TinyTrainer.Listener listener,
      BooleanSupplier cancelled) {
    ModelManifest baseManifest = base == null ? null : checkedBase(base, config);
    Instant start = Instant.now();
    float[] lastLoss = {Float.NaN};
    TinyTrainer trainer =
        new TinyTrainer(config, TinySchedule.alphasCumprod(), settings).stoppingAfter(stopAfter);
    if (base != null) {
      trainer.startingFrom(base.resolve(TinyWeights.FILE_NAME));
    }
    try (NDManager manager = EngineInfo.newManager()) {
      Map<String, NDArray> weights =
          trainer.train(
              images,
              workDir,
              manager,
              (step, total, loss, rate) -> {
                lastLoss[0] = loss;
                listener.onStep(step, total, loss, rate);
              },
              cancelled);
      Files.createDirectories(outDir);
      TinyWeights.write(outDir.resolve(TinyWeights.FILE_NAME), weights);
      ObjectNode training =
          training(settings, images, source, trainer.stepsCompleted(), baseManifest);
      if (!Float.isNaN(lastLoss[0])) {
        training.put("finalLoss", lastLoss[0]); // none when no step ran in this call
      }
      training.put("trainedWith", AppInfo.NAME + " " + AppInfo.version());
      training.put("engine", EngineInfo.detect().summary());
      training.put("wallClockSeconds", Duration.between(start, Instant.now()).toSeconds());
      ModelManifest manifest =
          new ModelManifest(
              name,
              version,
              KIND,
              description,
              "CC0-1.0",
              List.of(ModelManifest.describe(outDir, TinyWeights.FILE_NAME)),
              architecture(config),
              defaults(config),
              training);
      manifest.write(outDir);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the model to " + outDir, e);
    }
  }

  /** The manifest of the model to train further, verified and of the same architecture. */
  private static ModelManifest checkedBase(Path base, TinyUNetConfig config) {
    ModelManifest baseManifest = ModelManifest.read(base);
    baseManifest.verify(base);
    // The same network may be fine-tuned from one prediction type to the other, and grow the
    // refinement stage (which then starts at zero, see TinyUNet).
    TinyUNetConfig from = configOf(baseManifest).withPrediction(config.prediction());
    boolean grows =
        from.refineChannels() == 0
            && from.withRefineChannels(config.refineChannels()).equals(config);
    if (!from.equals(config) && !grows) {
      throw new IllegalArgumentException(
          baseManifest.id() + " has another architecture; it cannot be trained further here");
    }
    return baseManifest;
  }

  /** The network settings and the noise schedule, as the manifest records them. */
  private static ObjectNode architecture(TinyUNetConfig config) {
    ObjectNode architecture = JSON.valueToTree(config);
    architecture.put("schedule", TinySchedule.NAME);
    architecture.put("trainSteps", TinySchedule.TRAIN_STEPS);
    return architecture;
  }

  /** How the model was trained: settings, the data set and its Merkle root, where it started. */
  private static ObjectNode training(
      TinyTrainer.Settings settings,
      TrainingImages images,
      Source source,
      long stepsCompleted,
      ModelManifest baseManifest) {
    String datasetHash = images.datasetHash();
    ObjectNode training = JSON.createObjectNode();
    training.set("settings", JSON.valueToTree(settings));
    ObjectNode data = training.putObject("dataset");
    data.put("type", source.type());
    data.set("details", JSON.valueToTree(source.details()));
    data.put("images", images.size());
    data.put("merkleRoot", datasetHash);
    training.put("trainingSetRoot", datasetHash);
    training.put("stepsCompleted", stepsCompleted);
    if (baseManifest != null) {
      ObjectNode from = training.putObject("startedFrom");
      from.put("model", baseManifest.id());
      from.put("weightsSha256", baseManifest.weightsSha256());
      from.set("training", baseManifest.training());
    }
    return training;
  }

  /** The settings the generate form starts from. */
  private static Map<String, Object> defaults(TinyUNetConfig config) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("sampler", "dpmpp-2m-karras");
    defaults.put("steps", 20);
    defaults.put("guidance", 3.0);
    defaults.put("width", config.imageSize());
    defaults.put("height", config.imageSize());
    return defaults;
  }

  /** The network settings stored in a manifest. */
  public static TinyUNetConfig configOf(ModelManifest manifest) {
    JsonNode a = manifest.architecture();
    try {
      ObjectNode copy = a.deepCopy();
      copy.remove("schedule");
      copy.remove("trainSteps");
      return JSON.treeToValue(copy, TinyUNetConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("model.json has no valid architecture", e);
    }
  }
}
