package dev.atelier.diffusion.sd;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Stable-Diffusion-format model exported as TorchScript: {@code text_encoder.pt} (token ids →
 * hidden states), {@code unet.pt} (latents, timestep, hidden states → noise), {@code
 * vae_decoder.pt} (latents → RGB in [-1, 1]) and a CLIP {@code tokenizer.json}, all run through
 * DJL's PyTorch engine. {@code src-test/fixtures/sd-tiny/make_fixture.py} shows how to export a
 * real SD 1.5 or SD-Turbo checkpoint into this layout.
 */
public final class SdTorchScriptModel implements DiffusionModel {

  public static final String KIND = "torchscript-sd";
  public static final List<String> FILES =
      List.of("text_encoder.pt", "unet.pt", "vae_decoder.pt", "tokenizer.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelManifest manifest;
  private final SdConfig config;
  private final NoiseSchedule schedule;
  private final HuggingFaceTokenizer tokenizer;
  private final Model textEncoder;
  private final Model unet;
  private final Model decoder;
  private final long endToken;

  private SdTorchScriptModel(
      ModelManifest manifest,
      SdConfig config,
      HuggingFaceTokenizer tokenizer,
      Model textEncoder,
      Model unet,
      Model decoder) {
    this.manifest = manifest;
    this.config = config;
    this.schedule =
        NoiseSchedule.scaledLinear(config.trainSteps(), config.betaStart(), config.betaEnd());
    this.tokenizer = tokenizer;
    this.textEncoder = textEncoder;
    this.unet = unet;
    this.decoder = decoder;
    long[] end = tokenizer.encode("").getIds();
    this.endToken = end[end.length - 1];
  }

  /** Verifies every file against {@code model.json}, then loads the three graphs. */
  public static SdTorchScriptModel load(Path dir) {
    ModelManifest manifest = ModelManifest.read(dir);
    if (!KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(manifest.id() + " is not a " + KIND + " model");
    }
    manifest.verify(dir);
    SdConfig config;
    try {
      config = JSON.treeToValue(manifest.architecture(), SdConfig.class);
    } catch (IOException e) {
      throw new ModelIntegrityException(dir + "/model.json has no valid architecture", e);
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(dir.resolve("tokenizer.json"))
              .optAddSpecialTokens(true)
              .optTruncation(false) // tokenIds cuts to the window; tooLong counts it all
              .build();
      opened.add(tokenizer);
      Model text = torchScript(dir, "text_encoder", opened);
      Model unet = torchScript(dir, "unet", opened);
      Model decoder = torchScript(dir, "vae_decoder", opened);
      return new SdTorchScriptModel(manifest, config, tokenizer, text, unet, decoder);
    } catch (IOException | RuntimeException e) {
      for (AutoCloseable c : opened.reversed()) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing
        }
      }
      if (e instanceof ModelIntegrityException m) {
        throw m;
      }
      throw new ModelIntegrityException(
          "Cannot load model " + manifest.id() + ": " + e.getMessage(), e);
    }
  }

  private static Model torchScript(Path dir, String name, List<AutoCloseable> opened)
      throws IOException {
    Model model = Model.newInstance(name, EngineInfo.pytorch().getEngineName());
    opened.add(model);
    try {
      model.load(dir, name);
    } catch (MalformedModelException e) {
      throw new ModelIntegrityException(
          dir.resolve(name + ".pt") + " is not a TorchScript file", e);
    }
    return model;
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
    return null;
  }

  public SdConfig config() {
    return config;
  }

  @Override
  public GenerationDefaults defaults() {
    return GenerationDefaults.from(manifest.defaults(), GenerationDefaults.STABLE_DIFFUSION);
  }

  /**
   * Reads prompts as CLIP does: at most {@code textLength - 2} tokens, the window less its start
   * and end tokens.
   */
  @Override
  public PromptReader prompts() {
    return new PromptReader() {
      @Override
      public Optional<TooLong> tooLong(String prompt) {
        int tokens = tokenizer.encode(prompt).getIds().length - 2;
        int limit = config.textLength() - 2;
        return tokens > limit
            ? Optional.of(new TooLong(tokens, limit, "tokens"))
            : Optional.empty();
      }
    };
  }

  /** Token ids of a prompt: start token, the prompt's tokens, end token, padded with end tokens. */
  public long[] tokenIds(String prompt) {
    long[] ids = tokenizer.encode(prompt).getIds();
    long[] out = new long[config.textLength()];
    java.util.Arrays.fill(out, endToken);
    System.arraycopy(ids, 0, out, 0, Math.min(ids.length, config.textLength()));
    out[config.textLength() - 1] = endToken; // a cut prompt still ends with the end token
    return out;
  }

  @Override
  public NDArray encode(String prompt, int rows, NDManager manager) {
    NDArray ids = manager.create(tokenIds(prompt), new Shape(1, config.textLength()));
    NDArray states = forward(textEncoder, new NDList(ids)).head();
    return states.repeat(0, rows);
  }

  @Override
  public NDArray encodeNegative(String negativePrompt, int rows, NDManager manager) {
    return encode(negativePrompt, rows, manager);
  }

  @Override
  public Denoiser denoiser() {
    return new Denoiser() {
      @Override
      public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
        NDArray t =
            "int64".equals(config.timestepType())
                ? timesteps.round().toType(DataType.INT64, false)
                : timesteps.toType(DataType.FLOAT32, false);
        return forward(unet, new NDList(x, t, conditioning)).head();
      }

      @Override
      public NoiseSchedule schedule() {
        return schedule;
      }
    };
  }

  /** How many weights the UNet graph holds (859,520,964 for an export of SD 1.x). */
  public long unetParameterCount() {
    long n = 0;
    for (var p : unet.getBlock().getDirectParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  @Override
  public Shape sampleShape(int width, int height) {
    int s = config.vaeScale();
    if (width % (s * 8) != 0 || height % (s * 8) != 0) {
      throw new IllegalArgumentException(
          id()
              + " makes images whose sides are multiples of "
              + s * 8
              + " pixels, not "
              + width
              + "×"
              + height);
    }
    return new Shape(config.latentChannels(), height / s, width / s);
  }

  @Override
  public List<RgbImage> decode(NDArray samples) {
    NDArray scaled = samples.div((float) config.scalingFactor());
    return RgbImage.fromBatch(forward(decoder, new NDList(scaled)).head());
  }

  private static NDList forward(Model model, NDList inputs) {
    Block block = model.getBlock();
    return block.forward(new ParameterStore(inputs.head().getManager(), false), inputs, false);
  }

  @Override
  public void close() {
    decoder.close();
    unet.close();
    textEncoder.close();
    tokenizer.close();
  }
}
