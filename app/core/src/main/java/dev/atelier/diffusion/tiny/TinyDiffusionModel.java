package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.PromptLabels;
import dev.atelier.diffusion.tiny.data.Style;
import dev.atelier.engine.EngineInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in model, loaded: a {@link TinyUNet} whose conditioning is a style and a palette label
 * read from the prompt's words ({@link PromptLabels}). Words it does not know leave that label
 * empty, which samples from all styles (or palettes). A negative prompt naming a style or palette
 * steers away from it through guidance.
 */
public final class TinyDiffusionModel implements DiffusionModel {

  /** Sizes the network can run at: multiples of this, from 32 to 256 pixels. */
  public static final int SIZE_STEP = 8;

  private final ModelManifest manifest;
  private final TinyUNetConfig config;
  private final NDManager manager;
  private final TinyUNet net;
  private final NoiseSchedule schedule;
  private final ParameterStore store;

  /** Verifies the files against {@code model.json} and loads the weights. */
  public static TinyDiffusionModel load(Path dir) {
    ModelManifest manifest = ModelManifest.read(dir);
    if (!TinyModelBuilder.KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(manifest.id() + " is not a built-in-format model");
    }
    manifest.verify(dir);
    TinyUNetConfig config = TinyModelBuilder.configOf(manifest);
    NDManager manager = EngineInfo.newManager();
    try {
      return new TinyDiffusionModel(manifest, config, manager, dir.resolve(TinyWeights.FILE_NAME));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private TinyDiffusionModel(
      ModelManifest manifest, TinyUNetConfig config, NDManager manager, Path weights) {
    this.manifest = manifest;
    this.config = config;
    this.manager = manager;
    this.schedule = TinySchedule.schedule();
    this.net = TinyWeights.load(weights, config, manager);
    this.store = new ParameterStore(manager, false);
  }

  @Override
  public String id() {
    return manifest.id();
  }

  @Override
  public String weightsSha256() {
    return manifest.weightsSha256();
  }

  @Override
  public String trainingSetRoot() {
    return manifest.training() == null || !manifest.training().has("trainingSetRoot")
        ? null
        : manifest.training().get("trainingSetRoot").asText();
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /**
   * The network as a noise predictor, with the clean-image estimate held to the pixel range. The
   * network's output is read as ε or as the velocity v ({@link Prediction}); with α = √ᾱ and σ =
   * √(1−ᾱ) the implied clean image is {@code x̂₀ = (x − σ ε̂) / α} or {@code x̂₀ = α x − σ v̂}. It
   * is clipped to [−1, 1] and ε recomputed from it, {@code ε = (x − α x̂₀) / σ}, as pixel-space
   * diffusion models do ("clip_sample", Ho et al. 2020). Without it the cosine schedule's last
   * steps, where ᾱ is near 1e-9, turn small errors in ε into enormous ones in x̂₀ and sampling
   * diverges. Any sampler benefits without knowing.
   */
  @Override
  public Denoiser denoiser() {
    return new Denoiser() {
      @Override
      public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
        NDArray out = net.forward(store, new NDList(x, timesteps, conditioning), false).head();
        float[] t = timesteps.toFloatArray();
        long batch = x.getShape().get(0);
        float[] signal = new float[(int) batch];
        float[] noise = new float[(int) batch];
        for (int i = 0; i < batch; i++) {
          double sigma = schedule.sigmaForTimestep(t.length == 1 ? t[0] : t[i]);
          double alphaBar = 1 / (1 + sigma * sigma);
          signal[i] = (float) Math.sqrt(alphaBar);
          noise[i] = (float) Math.sqrt(1 - alphaBar);
        }
        NDManager m = x.getManager();
        NDArray a = m.create(signal, new Shape(batch, 1, 1, 1));
        NDArray s = m.create(noise, new Shape(batch, 1, 1, 1));
        NDArray x0 = config.prediction().cleanImage(x, out, a, s).clip(-1f, 1f);
        return x.sub(x0.mul(a)).div(s);
      }

      @Override
      public NoiseSchedule schedule() {
        return schedule;
      }
    };
  }

  @Override
  public PromptReader prompts() {
    return TinyPromptReader.INSTANCE;
  }

  @Override
  public GenerationDefaults defaults() {
    int size = config.imageSize();
    return GenerationDefaults.from(
        manifest.defaults(), new GenerationDefaults("dpmpp-2m-karras", 20, 3.0, size, size));
  }

  @Override
  public NDArray encode(String prompt, int rows, NDManager target) {
    PromptLabels.Labels labels = PromptLabels.parse(prompt);
    return labels(
        labels.style().map(Style::ordinal).orElse(config.styles()),
        labels.palette().map(Palette::ordinal).orElse(config.palettes()),
        rows,
        target);
  }

  @Override
  public NDArray encodeNegative(String negativePrompt, int rows, NDManager target) {
    return encode(negativePrompt, rows, target);
  }

  private static NDArray labels(int style, int palette, int rows, NDManager target) {
    int[] values = new int[rows * 2];
    for (int i = 0; i < rows; i++) {
      values[2 * i] = style;
      values[2 * i + 1] = palette;
    }
    return target.create(values, new Shape(rows, 2));
  }

  @Override
  public Shape sampleShape(int width, int height) {
    if (width != height || width % SIZE_STEP != 0 || width < 32 || width > 256) {
      throw new IllegalArgumentException(
          id()
              + " makes square images of 32 to 256 pixels in steps of "
              + SIZE_STEP
              + " ("
              + config.imageSize()
              + " is what it learned); "
              + width
              + "×"
              + height
              + " is not possible");
    }
    return new Shape(3, height, width);
  }

  @Override
  public List<RgbImage> decode(NDArray samples) {
    return RgbImage.fromBatch(samples);
  }

  /** A pixel model's clean sample is the picture itself, in [-1, 1]. */
  @Override
  public NDArray encodeImage(RgbImage image, NDManager target) {
    Shape shape = sampleShape(image.width(), image.height());
    return target.create(image.toChw(), new Shape(1).addAll(shape));
  }

  /** Native resources held by the loaded model (for leak tests). */
  String residentResources() {
    return manager.toString();
  }

  @Override
  public void close() {
    manager.close();
  }
}
