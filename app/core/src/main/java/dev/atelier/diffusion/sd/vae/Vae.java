package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.atelier.diffusion.nn.WeightLoader;
import dev.atelier.diffusion.nn.WeightSource;

/**
 * A Stable Diffusion VAE with its weights: latents to pictures ({@link #decode}) and, when loaded
 * with its encoder, pictures to latents ({@link #encode}).
 *
 * <p>Units: {@link #decode} takes latents as the diffusion model and its samplers see them, that
 * is, the VAE's latents multiplied by {@link VaeConfig#scalingFactor()}; it divides by the factor
 * itself. {@link #encode}'s {@link LatentDistribution#sample} and {@link LatentDistribution#mode}
 * return latents in those same units, so {@code decode(encode(image).mode())} reconstructs the
 * image. Pictures are (B, 3, H, W) floats in [-1, 1], H and W multiples of {@link
 * VaeConfig#downFactor()}.
 *
 * <p>Owns its weights' native memory until {@link #close()}; outputs belong to the inputs' manager.
 */
public final class Vae implements AutoCloseable {

  private final VaeConfig config;
  private final NDManager weights;
  private final VaeDecoder decoder;
  private volatile VaeEncoder encoder;

  private Vae(VaeConfig config, NDManager weights, VaeDecoder decoder, VaeEncoder encoder) {
    this.config = config;
    this.weights = weights;
    this.decoder = decoder;
    this.encoder = encoder;
  }

  /**
   * Loads the decoder and, if {@code withEncoder}, the encoder from the tensors named {@code prefix
   * + key} ({@link VaeShapes#PREFIX} in a single-file SD 1.x checkpoint). Text-to-image needs only
   * the decoder, which saves the encoder's memory (about a third of the VAE).
   *
   * @throws dev.atelier.diffusion.ModelIntegrityException when a tensor is missing or has another
   *     shape
   */
  public static Vae load(
      WeightSource source,
      String prefix,
      VaeConfig config,
      boolean withEncoder,
      NDManager manager) {
    NDManager weights = manager.newSubManager();
    try {
      if (withEncoder) {
        WeightLoader.check(VaeShapes.encoder(config), prefix, source);
      }
      VaeDecoder decoder = new VaeDecoder(config);
      WeightLoader.load(decoder, VaeShapes.decoder(config), prefix, source, weights);
      VaeEncoder encoder = null;
      if (withEncoder) {
        encoder = new VaeEncoder(config);
        WeightLoader.load(encoder, VaeShapes.encoder(config), prefix, source, weights);
      }
      return new Vae(config, weights, decoder, encoder);
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  /**
   * Loads the encoder of a VAE loaded without it, from the same tensors ({@code prefix + key});
   * nothing when it is there already.
   *
   * @throws dev.atelier.diffusion.ModelIntegrityException when a tensor is missing or has another
   *     shape (nothing is kept then)
   */
  public synchronized void loadEncoder(WeightSource source, String prefix) {
    if (encoder != null) {
      return;
    }
    WeightLoader.check(VaeShapes.encoder(config), prefix, source);
    NDManager encoderWeights = weights.newSubManager();
    try {
      VaeEncoder loaded = new VaeEncoder(config);
      WeightLoader.load(loaded, VaeShapes.encoder(config), prefix, source, encoderWeights);
      encoder = loaded;
    } catch (RuntimeException e) {
      encoderWeights.close();
      throw e;
    }
  }

  public VaeConfig config() {
    return config;
  }

  /** Whether {@link #encode} is available (the VAE was loaded with its encoder). */
  public boolean canEncode() {
    return encoder != null;
  }

  /**
   * Pictures from the diffusion model's latents.
   *
   * @param latents (B, z, h, w) in the diffusion model's units (scaled)
   * @return (B, 3, f·h, f·w), about [-1, 1], on {@code latents}' manager
   */
  public NDArray decode(NDArray latents) {
    checkRank4(latents, config.latentChannels(), "latents");
    NDArray z = latents.div(config.scalingFactor());
    NDArray image = decodeUnscaled(z);
    z.close();
    return image;
  }

  /** As {@link #decode}, for latents already divided by the scaling factor (the VAE's units). */
  public NDArray decodeUnscaled(NDArray z) {
    checkRank4(z, config.latentChannels(), "latents");
    ParameterStore store = new ParameterStore(z.getManager(), false);
    return decoder.forward(store, new NDList(z), false).head();
  }

  /**
   * The latent distribution of pictures.
   *
   * @param images (B, 3, H, W) in [-1, 1], H and W multiples of {@link VaeConfig#downFactor()}
   * @throws IllegalStateException when the VAE was loaded without its encoder
   */
  public LatentDistribution encode(NDArray images) {
    VaeEncoder loadedEncoder = encoder;
    if (loadedEncoder == null) {
      throw new IllegalStateException("This VAE was loaded without its encoder");
    }
    checkRank4(images, 3, "images");
    Shape s = images.getShape();
    int f = config.downFactor();
    if (s.get(2) % f != 0 || s.get(3) % f != 0) {
      throw new IllegalArgumentException(
          "Image sides must be multiples of " + f + " pixels, not " + s.get(3) + "×" + s.get(2));
    }
    ParameterStore store = new ParameterStore(images.getManager(), false);
    NDArray moments = loadedEncoder.forward(store, new NDList(images), false).head();
    NDList parts = moments.split(2, 1);
    NDArray logVariance =
        parts.get(1).clip(LatentDistribution.MIN_LOG_VARIANCE, LatentDistribution.MAX_LOG_VARIANCE);
    return new LatentDistribution(parts.get(0), logVariance, config.scalingFactor());
  }

  /** A manager for temporary inputs, on the weights' device; the caller closes it. */
  NDManager scratch() {
    return weights.newSubManager();
  }

  private static void checkRank4(NDArray x, int channels, String what) {
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(1) != channels || s.get(2) < 1 || s.get(3) < 1) {
      throw new IllegalArgumentException(
          "The VAE takes " + what + " of shape (B, " + channels + ", H, W), not " + s);
    }
  }

  @Override
  public void close() {
    weights.close();
  }
}
