package dev.atelier.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A loaded model as the {@link Pipeline} drives it: turns prompts into conditioning, predicts
 * noise, and turns the clean sample into pictures. Owns its native memory until closed.
 */
public interface DiffusionModel extends AutoCloseable {

  /** {@code name@version}. */
  String id();

  /** Combined SHA-256 of the model files (what provenance records as the weights hash). */
  String weightsSha256();

  /** Merkle root of the training set, or null when unknown (models from elsewhere). */
  String trainingSetRoot();

  Denoiser denoiser();

  /**
   * The denoiser for one generation, which may give up mid-evaluation when {@code cancel} says so
   * (throwing {@link java.util.concurrent.CancellationException}). Models whose evaluation is quick
   * need not poll; the default ignores the token (samplers poll between steps anyway).
   */
  default Denoiser denoiser(dev.atelier.task.CancellationToken cancel) {
    return denoiser();
  }

  /**
   * Whether the model takes an inpainting mask as input (Stable Diffusion inpainting checkpoints,
   * whose UNet has 9 input channels). Such a model denoises only with a {@link MaskedPicture}
   * ({@link #denoiser(dev.atelier.task.CancellationToken, MaskedPicture)}); other models are
   * inpainted by blending ({@link dev.atelier.diffusion.sampling.SamplingRun.Start#mask()}).
   */
  default boolean takesMask() {
    return false;
  }

  /**
   * The denoiser for one inpainting generation on a model that {@link #takesMask()}: every
   * evaluation also sees {@code masked}, which stays open for the run.
   *
   * @throws UnsupportedOperationException when the model does not take a mask
   */
  default Denoiser denoiser(dev.atelier.task.CancellationToken cancel, MaskedPicture masked) {
    throw new UnsupportedOperationException(id() + " takes no inpainting mask");
  }

  /** How long a prompt the model honours, and which words it understands. */
  PromptReader prompts();

  /** Defaults for the generate form. */
  GenerationDefaults defaults();

  /**
   * Conditioning for a prompt, repeated once per variant, on {@code manager}.
   *
   * @return (rows, ...) in the model's conditioning format
   */
  NDArray encode(String prompt, int rows, NDManager manager);

  /**
   * Conditioning for the negative prompt (the "unconditional" branch of guidance); an empty
   * negative prompt gives the plain unconditional conditioning.
   */
  NDArray encodeNegative(String negativePrompt, int rows, NDManager manager);

  /**
   * Shape of one variant's sample for an image of this size, e.g. (3, 64, 64) for pixel models or
   * (4, h/8, w/8) for latent ones.
   *
   * @throws IllegalArgumentException when the model cannot make that size
   */
  Shape sampleShape(int width, int height);

  /**
   * The clean sample of a picture, the start of image-to-image: the inverse of {@link #decode} as
   * far as the model has one (the VAE encoder's most likely latent for latent models, the pixels
   * for pixel models).
   *
   * @param image exactly the size of the samples to make ({@link RgbImage#cover})
   * @return (1, C, h, w) on {@code manager}
   * @throws UnsupportedOperationException when the model cannot start from a picture
   * @throws IllegalArgumentException when the model cannot make that size
   */
  default NDArray encodeImage(RgbImage image, NDManager manager) {
    throw new UnsupportedOperationException(id() + " cannot start from a picture");
  }

  /** Turns clean samples (N, C, h, w) into N images. */
  List<RgbImage> decode(NDArray samples);

  /**
   * A quick look at the current guess (N, C, h, w) during sampling, cheap enough for every step.
   * Latent models override this with an approximation that skips the full decoder; the default is
   * the full {@link #decode}.
   */
  default List<RgbImage> preview(NDArray samples) {
    return decode(samples);
  }

  /**
   * The device memory a run at {@code width} × {@code height} needs, for the check before a run on
   * a GPU; empty when the model does not estimate it (small models that always fit).
   */
  default java.util.Optional<MemoryEstimate> memoryEstimate(int width, int height) {
    return java.util.Optional.empty();
  }

  @Override
  void close();
}
