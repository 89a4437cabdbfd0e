package dev.atelier.diffusion.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.LoadListener;
import dev.atelier.diffusion.MaskedPicture;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.nn.BlockKeys;
import dev.atelier.diffusion.nn.CountingWeights;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.Layout;
import dev.atelier.diffusion.sd.checkpoint.OpenCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.TokenizerSource;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.clip.ClipTokenizer;
import dev.atelier.diffusion.sd.lora.LoraMerge;
import dev.atelier.diffusion.sd.lora.LoraReport;
import dev.atelier.diffusion.sd.lora.LoraUse;
import dev.atelier.diffusion.sd.unet.SdUNet;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.LatentPreview;
import dev.atelier.diffusion.sd.vae.Vae;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import dev.atelier.engine.EngineInfo;
import dev.atelier.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A Stable Diffusion 1.x checkpoint the artist imported ({@link CheckpointImport}), run natively:
 * the CLIP text encoder, the UNet and the VAE decoder as DJL blocks, with weights read from the
 * {@code .safetensors} file or diffusers folder where the artist keeps it. Previews during sampling
 * are a per-pixel projection of the latents ({@link LatentPreview}), not a VAE decode. The UNet
 * polls for cancellation between its blocks, so a cancel is honoured within one step.
 *
 * <p>LoRAs are merged into the UNet's and the text encoder's weights ({@link #setLoras}) and undone
 * exactly, without reading the checkpoint again. A merge waits for text encodings and UNet
 * evaluations in progress, and they wait for it.
 *
 * <p>The VAE encoder is read from the checkpoint only when first needed: text-to-image on an
 * ordinary checkpoint does not use it.
 *
 * <p>An inpainting checkpoint (a UNet of 9 input channels, found from {@code conv_in}'s shape)
 * denoises only with a masked picture ({@link #denoiser(CancellationToken, MaskedPicture)}); the
 * pipeline gives it a mask of ones and a picture of zeros for text-to-image.
 */
public final class SdCheckpointModel implements DiffusionModel {

  /** The manifest kind, as {@link CheckpointImport} writes it. */
  public static final String KIND = CheckpointImport.KIND;

  private final ModelManifest manifest;
  private final DetectedCheckpoint detected;
  private final SdArchitecture architecture;
  private final NDManager weights;
  private final ClipTokenizer tokenizer;
  private final ClipTextEncoder text;
  private final SdUNet unet;
  private final Vae vae;
  private final LatentPreview preview;
  private final CheckpointFile checkpoint;
  private final LoraMerge loras;
  private final ReadWriteLock weightsLock = new ReentrantReadWriteLock();

  /**
   * The checkpoint file or folder as it was when the model was loaded, for reading more of it later
   * (the VAE encoder, on the first image-to-image run).
   */
  private record CheckpointFile(Path path, long size, java.nio.file.attribute.FileTime modified) {
    static CheckpointFile of(Path path) {
      try {
        return new CheckpointFile(path, Files.size(path), Files.getLastModifiedTime(path));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** Throws when the file has changed since; a folder is not checked (its files are). */
    void requireUnchanged(String modelId) {
      if (Files.isDirectory(path) || this.equals(of(path))) {
        return;
      }
      throw new ModelIntegrityException(
          path
              + " has changed since "
              + modelId
              + " was loaded; choose the model again to load it");
    }
  }

  private SdCheckpointModel(
      ModelManifest manifest,
      DetectedCheckpoint detected,
      SdArchitecture architecture,
      NDManager weights,
      ClipTokenizer tokenizer,
      ClipTextEncoder text,
      SdUNet unet,
      Vae vae,
      CheckpointFile checkpoint) {
    this.manifest = manifest;
    this.checkpoint = checkpoint;
    this.detected = detected;
    this.architecture = architecture;
    this.weights = weights;
    this.tokenizer = tokenizer;
    this.text = text;
    this.unet = unet;
    this.vae = vae;
    LatentPreview sd1 = LatentPreview.sd15();
    this.preview = new LatentPreview(sd1.factors(), sd1.bias(), architecture.vae().downFactor());
    this.loras =
        new LoraMerge(
            BlockKeys.of(unet),
            architecture.unet(),
            DetectedCheckpoint.UNET_PREFIX,
            BlockKeys.of(text),
            detected.textEncoders().getFirst().prefix(),
            weights);
  }

  /** {@link #load(Path, LoadListener, CancellationToken)} without progress or cancel. */
  public static SdCheckpointModel load(Path dir) {
    return load(dir, LoadListener.NONE, CancellationToken.NONE);
  }

  /**
   * Checks the checkpoint's files against {@code model.json} (the whole file is hashed), then
   * builds the networks and reads their weights.
   *
   * @throws ModelIntegrityException when a file is missing or altered since the import, or the
   *     checkpoint cannot be run
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public static SdCheckpointModel load(Path dir, LoadListener listener, CancellationToken cancel) {
    ModelManifest manifest = ModelManifest.read(dir);
    if (!KIND.equals(manifest.kind())) {
      throw new IllegalArgumentException(manifest.id() + " is not a " + KIND + " model");
    }
    manifest.verify(
        dir,
        (done, total) -> listener.onProgress(LoadListener.Phase.VERIFYING, done, total),
        cancel);
    Path checkpointPath = checkpointPath(manifest, dir);
    CheckpointFile checkpoint = CheckpointFile.of(checkpointPath);
    try (OpenCheckpoint open = Checkpoints.open(checkpointPath)) {
      DetectedCheckpoint detected = open.detected();
      SdArchitecture architecture = SdArchitecture.of(detected);
      Map<String, ai.djl.ndarray.types.Shape> reading = reading(detected, architecture);
      long total = CountingWeights.count(reading);
      CountingWeights source =
          new CountingWeights(
              open.weights(),
              total,
              (done, all) -> listener.onProgress(LoadListener.Phase.READING_WEIGHTS, done, all),
              cancel);
      NDManager weights = EngineInfo.newManager();
      try {
        ClipTokenizer tokenizer = tokenizer(detected);
        ClipTextEncoder text = new ClipTextEncoder(architecture.text());
        text.load(source, detected.textEncoders().getFirst().prefix(), weights);
        if (tokenizer.vocabularySize() > architecture.text().vocabSize()) {
          throw new ModelIntegrityException(
              "The tokenizer of "
                  + manifest.id()
                  + " knows "
                  + tokenizer.vocabularySize()
                  + " tokens, more than its text encoder's "
                  + architecture.text().vocabSize());
        }
        SdUNet unet = new SdUNet(architecture.unet());
        unet.loadWeights(source, DetectedCheckpoint.UNET_PREFIX, weights);
        Vae vae =
            Vae.load(source, DetectedCheckpoint.VAE_PREFIX, architecture.vae(), false, weights);
        return new SdCheckpointModel(
            manifest, detected, architecture, weights, tokenizer, text, unet, vae, checkpoint);
      } catch (RuntimeException e) {
        weights.close();
        throw e;
      }
    }
  }

  /** The file or folder the manifest's single entry or source names. */
  static Path checkpointPath(ModelManifest manifest, Path dir) {
    Path root = manifest.filesRoot(dir);
    String layout =
        manifest.architecture() == null || manifest.architecture().get("layout") == null
            ? Layout.SINGLE_FILE.name()
            : manifest.architecture().get("layout").asText();
    if (Layout.SINGLE_FILE.name().equals(layout)) {
      if (manifest.files().size() != 1) {
        throw new ModelIntegrityException(
            dir
                + "/model.json lists "
                + manifest.files().size()
                + " files for a single checkpoint");
      }
      return root.resolve(manifest.files().getFirst().path()).normalize();
    }
    return root;
  }

  /** Every tensor the load reads, by checkpoint name, for the progress total. */
  private static Map<String, Shape> reading(DetectedCheckpoint d, SdArchitecture a) {
    Map<String, Shape> all = new LinkedHashMap<>();
    String textPrefix = d.textEncoders().getFirst().prefix();
    ClipTextEncoder.shapes(a.text()).forEach((k, v) -> all.put(textPrefix + k, v));
    UNetShapes.shapes(a.unet()).forEach((k, v) -> all.put(DetectedCheckpoint.UNET_PREFIX + k, v));
    VaeShapes.decoder(a.vae()).forEach((k, v) -> all.put(DetectedCheckpoint.VAE_PREFIX + k, v));
    return all;
  }

  private static ClipTokenizer tokenizer(DetectedCheckpoint d) {
    if (d.tokenizer() instanceof TokenizerSource.Folder folder) {
      return ClipTokenizer.fromFolder(folder.vocab().getParent());
    }
    return ClipTokenizer.bundled();
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

  /** What was found in the checkpoint. */
  public DetectedCheckpoint detected() {
    return detected;
  }

  public SdArchitecture architecture() {
    return architecture;
  }

  @Override
  public GenerationDefaults defaults() {
    return GenerationDefaults.from(manifest.defaults(), GenerationDefaults.STABLE_DIFFUSION);
  }

  @Override
  public PromptReader prompts() {
    return tokenizer.prompts();
  }

  @Override
  public NDArray encode(String prompt, int rows, NDManager manager) {
    NDArray states;
    weightsLock.readLock().lock();
    try {
      states = text.encode(tokenizer.window(prompt), manager);
    } finally {
      weightsLock.readLock().unlock();
    }
    return rows == 1 ? states : states.repeat(0, rows);
  }

  /**
   * Makes {@code uses} the LoRAs merged into this model's weights, each with its weight, replacing
   * the ones merged before; an empty list gives back the checkpoint's own weights bit for bit. The
   * checkpoint is not read again. Waits for text encodings and UNet evaluations in progress.
   *
   * @return per LoRA file, its SHA-256, weight, merged module count and the keys not applied
   * @throws dev.atelier.diffusion.sd.lora.LoraException when a LoRA does not fit this model; the
   *     LoRAs merged before then stay merged
   */
  public LoraReport setLoras(List<LoraUse> uses) {
    weightsLock.writeLock().lock();
    try {
      return loras.set(uses);
    } finally {
      weightsLock.writeLock().unlock();
    }
  }

  /** The UNet's and the text encoder's weights by checkpoint key, for checks. */
  Map<String, ai.djl.nn.Parameter> parameters() {
    Map<String, ai.djl.nn.Parameter> all = new LinkedHashMap<>();
    BlockKeys.of(unet).forEach((k, p) -> all.put(DetectedCheckpoint.UNET_PREFIX + k, p));
    String textPrefix = detected.textEncoders().getFirst().prefix();
    BlockKeys.of(text).forEach((k, p) -> all.put(textPrefix + k, p));
    return all;
  }

  /** The LoRAs merged now; {@link LoraReport#NONE} when none. */
  public LoraReport loras() {
    return loras.current();
  }

  /** The negative prompt through the same encoder; an empty one is the empty prompt's states. */
  @Override
  public NDArray encodeNegative(String negativePrompt, int rows, NDManager manager) {
    return encode(negativePrompt == null ? "" : negativePrompt, rows, manager);
  }

  @Override
  public Denoiser denoiser() {
    return denoiser(CancellationToken.NONE);
  }

  /**
   * The UNet as a denoiser.
   *
   * @throws UnsupportedOperationException for an inpainting checkpoint, whose UNet also needs the
   *     masked picture: {@link #denoiser(CancellationToken, MaskedPicture)}
   */
  @Override
  public Denoiser denoiser(CancellationToken cancel) {
    if (takesMask()) {
      throw new UnsupportedOperationException(
          id() + " is an inpainting model: it denoises with a masked picture (even an empty mask)");
    }
    return unetDenoiser(cancel, null);
  }

  /** Whether this is an inpainting checkpoint: its UNet takes 9 channels (detected on loading). */
  @Override
  public boolean takesMask() {
    return detected.inpainting();
  }

  /**
   * The inpainting UNet as a denoiser: {@code masked}'s picture is encoded by the VAE once, here,
   * and every evaluation's input is {@code cat([x, mask, picture latents])} along the channels, the
   * order runwayml's {@code LatentInpaintDiffusion} (concat keys mask, masked_image) and diffusers'
   * inpainting pipeline use. The picture's latents are the encoder's most likely ones (diffusers
   * draws a sample; the encoder's spread is tiny, and this keeps a seed's picture the same).
   *
   * @throws UnsupportedOperationException when this is not an inpainting checkpoint
   * @throws IllegalArgumentException when the mask is not the size of the picture's latents
   */
  @Override
  public Denoiser denoiser(CancellationToken cancel, MaskedPicture masked) {
    if (!takesMask()) {
      throw new UnsupportedOperationException(id() + " is not an inpainting model");
    }
    NDArray latents = encodePixels(masked.pixels(), masked.mask().getManager());
    try (latents) {
      return UNetDenoiser.inpainting(
          unet, architecture.schedule(), weightsLock, cancel, masked.mask(), latents);
    }
  }

  private Denoiser unetDenoiser(CancellationToken cancel, NDArray extra) {
    return new UNetDenoiser(unet, architecture.schedule(), weightsLock, cancel, extra);
  }

  @Override
  public Shape sampleShape(int width, int height) {
    int latentMultiple = architecture.unet().sizeMultiple();
    int f = architecture.vae().downFactor();
    int px = latentMultiple * f;
    if (width <= 0 || height <= 0 || width % px != 0 || height % px != 0) {
      throw new IllegalArgumentException(
          id()
              + " makes images whose sides are multiples of "
              + px
              + " pixels, not "
              + width
              + "×"
              + height);
    }
    return new Shape(architecture.unet().outChannels(), height / f, width / f);
  }

  /**
   * The VAE encoder's most likely latent (scaled). The encoder is read from the checkpoint the
   * first time (a third of the VAE: text-to-image never needs it).
   */
  @Override
  public NDArray encodeImage(RgbImage image, NDManager target) {
    sampleShape(image.width(), image.height());
    try (NDManager scope = target.newSubManager()) {
      NDArray pixels = scope.create(image.toChw(), new Shape(1, 3, image.height(), image.width()));
      return encodePixels(pixels, target);
    }
  }

  /**
   * The VAE encoder's most likely latent (scaled) of {@code pixels} (1, 3, H, W) in [-1, 1], on
   * {@code target}; the encoder is read from the checkpoint the first time.
   */
  private NDArray encodePixels(NDArray pixels, NDManager target) {
    Shape p = pixels.getShape();
    sampleShape((int) p.get(3), (int) p.get(2));
    if (!vae.canEncode()) {
      checkpoint.requireUnchanged(id());
      try (OpenCheckpoint open = Checkpoints.open(checkpoint.path())) {
        vae.loadEncoder(open.weights(), DetectedCheckpoint.VAE_PREFIX);
      }
    }
    try (NDManager scope = target.newSubManager()) {
      NDArray input = pixels.duplicate();
      input.attach(scope);
      NDArray latent = vae.encode(input).mode();
      latent.attach(target);
      return latent;
    }
  }

  /** Decodes one variant at a time, which bounds the decoder's memory at large sizes. */
  @Override
  public List<RgbImage> decode(NDArray samples) {
    List<RgbImage> images = new ArrayList<>();
    long n = samples.getShape().get(0);
    for (long i = 0; i < n; i++) {
      try (NDManager scope = samples.getManager().newSubManager()) {
        NDArray one = samples.get(i + ":" + (i + 1));
        one.attach(scope);
        NDArray pixels = vae.decode(one);
        pixels.attach(scope);
        images.addAll(RgbImage.fromBatch(pixels));
      }
    }
    return images;
  }

  @Override
  public List<RgbImage> preview(NDArray samples) {
    if (samples.getShape().get(1) != preview.latentChannels()) {
      return DiffusionModel.super.preview(samples);
    }
    return preview.images(samples);
  }

  /** {@link SdMemory}'s estimate, with the UNet's and text encoder's weights in their type. */
  @Override
  public java.util.Optional<dev.atelier.diffusion.MemoryEstimate> memoryEstimate(
      int width, int height) {
    return java.util.Optional.of(SdMemory.estimate(architecture, width, height, unet.weightType()));
  }

  @Override
  public void close() {
    loras.close();
    weights.close();
  }
}
