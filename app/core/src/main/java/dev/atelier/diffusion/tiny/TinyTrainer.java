package dev.atelier.diffusion.tiny;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the built-in model with the denoising objective of Ho et al. (2020): pick an image, a
 * timestep and Gaussian noise, mix them as {@code x_t = √ᾱ x₀ + √(1−ᾱ) ε}, and regress the
 * network's output on ε, or on the velocity {@code v = √ᾱ ε − √(1−ᾱ) x₀} for a v-prediction model
 * (see {@link Prediction}). Labels are dropped at random so the same network also learns the
 * unconditional prediction that classifier-free guidance needs.
 *
 * <p>Everything random is drawn from Java generators seeded by (seed, step), so a run is
 * reproducible and a resumed run continues exactly: a checkpoint holds the weights, the optimiser
 * moments, the weight average and the step.
 */
public final class TinyTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(TinyTrainer.class);
  private static final String CHECKPOINT = "checkpoint.ndlist";
  private static final String CHECKPOINT_INFO = "checkpoint.json";

  /**
   * Training settings; recorded in the model manifest.
   *
   * @param styleWeights how often each style label is drawn, relative to the others, in label
   *     order; empty (or absent in older manifests) draws every image equally often. Images without
   *     a style label count with weight 1.
   */
  public record Settings(
      int steps,
      int batchSize,
      double learningRate,
      int warmupSteps,
      double weightDecay,
      double emaDecay,
      double labelDropout,
      long seed,
      int checkpointEvery,
      List<Double> styleWeights) {

    public Settings {
      styleWeights = styleWeights == null ? List.of() : List.copyOf(styleWeights);
      for (double w : styleWeights) {
        if (!(w > 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("Style weights must be positive, not " + w);
        }
      }
    }

    /** Settings that draw every image equally often. */
    public Settings(
        int steps,
        int batchSize,
        double learningRate,
        int warmupSteps,
        double weightDecay,
        double emaDecay,
        double labelDropout,
        long seed,
        int checkpointEvery) {
      this(
          steps,
          batchSize,
          learningRate,
          warmupSteps,
          weightDecay,
          emaDecay,
          labelDropout,
          seed,
          checkpointEvery,
          List.of());
    }

    public static Settings standard(int steps) {
      return new Settings(steps, 32, 5e-4, 200, 0.01, 0.999, 0.15, 1L, 100);
    }

    /** A copy that draws the styles with these relative weights. */
    public Settings withStyleWeights(List<Double> weights) {
      return new Settings(
          steps,
          batchSize,
          learningRate,
          warmupSteps,
          weightDecay,
          emaDecay,
          labelDropout,
          seed,
          checkpointEvery,
          weights);
    }

    /** Relative weight of an image with this style label. */
    double weightOf(int style) {
      return style >= 0 && style < styleWeights.size() ? styleWeights.get(style) : 1.0;
    }

    /** The largest weight any image can have. */
    double maxWeight() {
      return styleWeights.stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
    }
  }

  /** Progress of a run. */
  public interface Listener {
    void onStep(int step, int totalSteps, float loss, double stepsPerSecond);
  }

  /** Saved alongside a checkpoint so a resume can check it continues the same run. */
  record CheckpointInfo(int step, Settings settings, TinyUNetConfig config, String datasetHash) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TinyUNetConfig config;
  private final double[] alphasCumprod;
  private final Settings settings;
  private int stepsCompleted;
  private Path startWeights;
  private int stopAfter = Integer.MAX_VALUE;

  public TinyTrainer(TinyUNetConfig config, double[] alphasCumprod, Settings settings) {
    this.config = config;
    this.alphasCumprod = alphasCumprod.clone();
    this.settings = settings;
  }

  /**
   * Trains, resuming from {@code workDir}'s checkpoint when there is one for the same settings and
   * images, and returns the averaged weights (attached to {@code manager}).
   */
  public Map<String, NDArray> train(
      TrainingImages images,
      Path workDir,
      NDManager manager,
      Listener listener,
      BooleanSupplier cancelled) {
    if (images.imageSize() != config.imageSize()) {
      throw new IllegalArgumentException(
          "Images are " + images.imageSize() + " px, the model expects " + config.imageSize());
    }
    if (images.size() == 0) {
      throw new IllegalArgumentException("No training images");
    }
    Engine engine = EngineInfo.pytorch();
    TinyUNet net = new TinyUNet(config);
    engine.setRandomSeed((int) settings.seed()); // reproducible initial weights
    net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    int s = config.imageSize();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s), new Shape(1), new Shape(1, 2));
    net.zeroOutputLayer();
    if (startWeights != null) {
      int grown = TinyWeights.copyInto(startWeights, net, manager, true);
      if (grown > 0) {
        LOG.info("Started from {}; {} refinement parameters are new", startWeights, grown);
      }
    }
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    net.getParameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
    parameters.values().forEach(p -> p.getArray().setRequiresGradient(true));

    try (AdamState adam = new AdamState(manager, parameters)) {
      int step = resume(workDir, images, manager, adam);
      ParameterStore store = new ParameterStore(manager, false);
      long started = System.nanoTime();
      int firstStep = step;
      int last = Math.min(settings.steps(), stopAfter);
      while (step < last) {
        if (cancelled.getAsBoolean()) {
          if (step > firstStep) {
            checkpoint(workDir, images, adam, step); // keep every finished step
          }
          throw new CancellationException("Training cancelled after step " + step);
        }
        step++;
        float loss;
        try (NDManager scratch = manager.newSubManager()) {
          NDList batch = batch(scratch, images, step);
          try (GradientCollector collector = engine.newGradientCollector()) {
            NDArray predicted =
                net.forward(store, new NDList(batch.get(0), batch.get(1), batch.get(2)), true)
                    .head();
            NDArray error = predicted.sub(batch.get(3)).square().mean();
            collector.backward(error);
            loss = error.getFloat();
          }
          adam.update(
              step,
              (float) learningRate(step),
              (float) settings.weightDecay(),
              (float) Math.min(settings.emaDecay(), (1.0 + step) / (10.0 + step)));
        }
        double rate = (step - firstStep) / ((System.nanoTime() - started) / 1e9);
        listener.onStep(step, settings.steps(), loss, rate);
        if (step % settings.checkpointEvery() == 0 || step == last) {
          checkpoint(workDir, images, adam, step);
        }
      }
      stepsCompleted = step;
      Map<String, NDArray> result = new LinkedHashMap<>();
      adam.average().forEach((name, a) -> result.put(name, a.duplicate()));
      return result;
    }
  }

  /**
   * Starts a new run from these weights instead of random ones (fine-tuning, or continuing a
   * shipped model). Ignored when a checkpoint is resumed.
   */
  public TinyTrainer startingFrom(Path weightsFile) {
    this.startWeights = weightsFile;
    return this;
  }

  /**
   * Ends this call of {@link #train} after step {@code step} of the schedule (the learning rate
   * still follows {@link Settings#steps()}), with a checkpoint there, so a later call with the same
   * settings continues the same run.
   */
  public TinyTrainer stoppingAfter(int step) {
    if (step < 0) {
      throw new IllegalArgumentException("Cannot stop after step " + step);
    }
    this.stopAfter = step;
    return this;
  }

  /** Training steps behind the weights the last {@link #train} call returned. */
  public int stepsCompleted() {
    return stepsCompleted;
  }

  /** Linear warm-up, then cosine decay to a tenth of the peak rate. */
  double learningRate(int step) {
    double peak = settings.learningRate();
    if (step <= settings.warmupSteps()) {
      return peak * step / Math.max(1, settings.warmupSteps());
    }
    double progress =
        (step - settings.warmupSteps())
            / (double) Math.max(1, settings.steps() - settings.warmupSteps());
    return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
  }

  /** (x_t, t, labels, target) for one step; random draws depend only on (seed, step). */
  private NDList batch(NDManager m, TrainingImages images, int step) {
    SplittableRandom random = new SplittableRandom(settings.seed() * 1_000_003L + step);
    int b = settings.batchSize();
    int pixels = 3 * config.imageSize() * config.imageSize();
    float[] noisy = new float[b * pixels];
    float[] target = new float[b * pixels];
    Prediction prediction = config.prediction();
    float[] timesteps = new float[b];
    int[] labels = new int[b * 2];
    int steps = alphasCumprod.length;
    for (int i = 0; i < b; i++) {
      TrainingImages.Item item = draw(images, random);
      int t = random.nextInt(steps);
      timesteps[i] = t;
      float a = (float) Math.sqrt(alphasCumprod[t]);
      float sd = (float) Math.sqrt(1 - alphasCumprod[t]);
      float[] x0 = item.chw();
      for (int j = 0; j < pixels; j++) {
        float e = (float) gaussian(random);
        target[i * pixels + j] = prediction.target(x0[j], e, a, sd);
        noisy[i * pixels + j] = a * x0[j] + sd * e;
      }
      labels[2 * i] = label(item.style(), config.styles(), random);
      labels[2 * i + 1] = label(item.palette(), config.palettes(), random);
    }
    Shape shape = new Shape(b, 3, config.imageSize(), config.imageSize());
    return new NDList(
        m.create(noisy, shape),
        m.create(timesteps),
        m.create(labels, new Shape(b, 2)),
        m.create(target, shape));
  }

  /**
   * One image, drawn uniformly, then kept with probability weight / largest weight (rejection
   * sampling), so each style is drawn in proportion to its weight times its image count.
   */
  TrainingImages.Item draw(TrainingImages images, SplittableRandom random) {
    double max = Math.max(1.0, settings.maxWeight());
    while (true) {
      TrainingImages.Item item = images.get(random.nextInt(images.size()));
      double weight = settings.weightOf(item.style());
      if (weight >= max || random.nextDouble() * max < weight) {
        return item;
      }
    }
  }

  private int label(int value, int count, SplittableRandom random) {
    boolean drop = random.nextDouble() < settings.labelDropout();
    return value == TrainingImages.NONE || drop ? count : value;
  }

  /** Standard normal by the Marsaglia polar method. */
  static double gaussian(SplittableRandom random) {
    double u;
    double v;
    double s;
    do {
      u = random.nextDouble(-1, 1);
      v = random.nextDouble(-1, 1);
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  private int resume(Path dir, TrainingImages images, NDManager manager, AdamState adam) {
    Path info = dir.resolve(CHECKPOINT_INFO);
    if (!Files.exists(info)) {
      return 0;
    }
    try {
      CheckpointInfo saved = JSON.readValue(info.toFile(), CheckpointInfo.class);
      if (!saved.config().equals(config) || !saved.datasetHash().equals(images.datasetHash())) {
        throw new IllegalArgumentException(
            "The checkpoint in " + dir + " belongs to another model or image set");
      }
      try (NDManager scratch = manager.newSubManager();
          InputStream in = Files.newInputStream(dir.resolve(CHECKPOINT))) {
        adam.restore(NDList.decode(scratch, in));
      }
      LOG.info("Resuming training at step {} from {}", saved.step(), dir);
      return saved.step();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the checkpoint in " + dir, e);
    }
  }

  private void checkpoint(Path dir, TrainingImages images, AdamState adam, int step) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(CHECKPOINT + ".tmp");
      try (NDList state = adam.toList();
          OutputStream out = Files.newOutputStream(tmp)) {
        state.encode(out);
      }
      Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.REPLACE_EXISTING);
      Path infoTmp = dir.resolve(CHECKPOINT_INFO + ".tmp");
      JSON.writeValue(
          infoTmp.toFile(), new CheckpointInfo(step, settings, config, images.datasetHash()));
      Files.move(infoTmp, dir.resolve(CHECKPOINT_INFO), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a checkpoint to " + dir, e);
    }
  }
}
