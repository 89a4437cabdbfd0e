package dev.atelier.diffusion.sd;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.MemoryEstimate;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import java.util.Map;

/**
 * The memory estimate of a native SD 1.x run ({@link MemoryEstimate}), from the architecture alone.
 *
 * <p>The formula and its basis, for a latent of h × w (the image over the VAE's factor 8):
 *
 * <ul>
 *   <li><b>Weights</b>: every parameter of the UNet and the text encoder in their type (2 bytes on
 *       a GPU), and the VAE decoder's in float32 (4 bytes), counted from the shape tables.
 *   <li><b>Sampling, per UNet row</b>, in the UNet's type: the skip connections, which the UNet
 *       keeps from each input stage until its output stage takes them (Σ channels × pixels over the
 *       input stages), plus the working set at the first level, where the feature maps are largest:
 *       {@value #UNET_WORKING} maps of the first level's width, counting a transformer block's
 *       GEGLU projection (8 widths), its gated half (4), q, k and v (3), and the block's input and
 *       normalised copy (2).
 *   <li><b>Sampling, fixed</b>: one block of attention scores, which attention never makes larger
 *       than 4 Mi elements (in float32, 16 MiB), twice (scores and their softmax).
 *   <li><b>Decoding one image</b>, in float32 at full size: {@value #VAE_WORKING} maps of the
 *       decoder's widest full-size width (the last upsampling's output, 256 channels in SD 1.x): a
 *       residual block's input, normalised copy, two convolutions' outputs, and the shortcut.
 * </ul>
 *
 * It is an estimate for a go/no-go check before a run, not a measurement; a run that passes it and
 * still runs out of memory is caught and reported the same way.
 */
public final class SdMemory {

  /** Feature maps of the first level's width held at once while it runs (see the class note). */
  static final int UNET_WORKING = 17;

  /** Full-size maps of the decoder's widest full-size width held at once. */
  static final int VAE_WORKING = 5;

  /** Elements in one block of attention scores (see {@code Attention}'s blocks). */
  static final long ATTENTION_BLOCK = 1L << 22;

  private SdMemory() {}

  /**
   * The estimate for images of {@code width} × {@code height} pixels, with the UNet and text
   * encoder in {@code networks} (float16 on a GPU) and the VAE in float32.
   */
  public static MemoryEstimate estimate(
      SdArchitecture architecture, int width, int height, DataType networks) {
    UNetConfig unet = architecture.unet();
    VaeConfig vae = architecture.vae();
    int bytes = networks.getNumOfBytes();
    long weights =
        (count(UNetShapes.shapes(unet)) + count(ClipTextEncoder.shapes(architecture.text())))
                * bytes
            + count(VaeShapes.decoder(vae)) * 4L;
    int factor = vae.downFactor();
    long h = height / factor;
    long w = width / factor;
    long perRow = (skipElements(unet, h, w) + UNET_WORKING * (long) unet.modelChannels() * h * w);
    long decoderWidth =
        (long) vae.baseChannels()
            * vae.multipliers().get(Math.min(1, vae.multipliers().size() - 1));
    long decode = VAE_WORKING * decoderWidth * width * (long) height * 4L;
    return new MemoryEstimate(weights, perRow * bytes, 2 * ATTENTION_BLOCK * 4L, decode);
  }

  /**
   * Elements of the skip connections kept for one row: the first convolution's output, then per
   * level {@code resBlocks} outputs of the level's width and, below the last level, the downsampled
   * map (the same width at half the size).
   */
  static long skipElements(UNetConfig unet, long h, long w) {
    long total = (long) unet.modelChannels() * h * w;
    long lh = h;
    long lw = w;
    int levels = unet.channelMult().size();
    for (int level = 0; level < levels; level++) {
      long width = (long) unet.modelChannels() * unet.channelMult().get(level);
      total += unet.resBlocks() * width * lh * lw;
      if (level < levels - 1) {
        lh = (lh + 1) / 2;
        lw = (lw + 1) / 2;
        total += width * lh * lw;
      }
    }
    return total;
  }

  private static long count(Map<String, Shape> shapes) {
    return shapes.values().stream().mapToLong(Shape::size).sum();
  }
}
