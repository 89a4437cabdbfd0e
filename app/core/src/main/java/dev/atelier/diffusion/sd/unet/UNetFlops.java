package dev.atelier.diffusion.sd.unet;

import dev.atelier.diffusion.sd.unet.UNetLayout.Down;
import dev.atelier.diffusion.sd.unet.UNetLayout.InConv;
import dev.atelier.diffusion.sd.unet.UNetLayout.Layer;
import dev.atelier.diffusion.sd.unet.UNetLayout.Res;
import dev.atelier.diffusion.sd.unet.UNetLayout.Transformer;
import dev.atelier.diffusion.sd.unet.UNetLayout.Up;
import java.util.List;

/**
 * Floating-point operations of one UNet call for one image, counted from the configuration: the
 * matrix products only, each multiply-add as 2 operations, as a GEMM peak is counted. That is every
 * convolution ({@code 2·in·out·k²} per output pixel), every linear layer ({@code 2·in·out} per
 * token, or per image for the timestep projections) and attention's two products ({@code 2·N·M·C}
 * each for N queries over M keys of C channels, all heads together). Norms, activations, softmax
 * and additions are left out: they are a few operations per element, not per weight.
 *
 * <p>A batch of B images costs B times as much. The count follows the same layer plan ({@link
 * UNetLayout}) as the network and its shape table.
 */
public final class UNetFlops {

  private final UNetConfig config;
  private final int contextLength;
  private long flops;

  private UNetFlops(UNetConfig config, int contextLength) {
    this.config = config;
    this.contextLength = contextLength;
  }

  /**
   * Operations of one call on one image of {@code height × width} latents, with a text context of
   * {@code contextLength} tokens (77 for SD 1.x).
   *
   * @throws IllegalArgumentException when the latent size does not fit the configuration
   */
  public static long perImage(UNetConfig config, int height, int width, int contextLength) {
    int m = config.sizeMultiple();
    if (height <= 0 || width <= 0 || height % m != 0 || width % m != 0 || contextLength <= 0) {
      throw new IllegalArgumentException(
          "Latents must be positive multiples of " + m + ", not " + width + "×" + height);
    }
    UNetFlops f = new UNetFlops(config, contextLength);
    f.count(UNetLayout.of(config), height, width);
    return f.flops;
  }

  private void count(UNetLayout layout, int height, int width) {
    int emb = config.timeEmbedDim();
    linear(1, config.modelChannels(), emb);
    linear(1, emb, emb);
    int[] size = {height, width};
    for (List<Layer> stage : layout.input()) {
      stage(stage, size);
    }
    stage(layout.middle(), size);
    for (List<Layer> stage : layout.output()) {
      stage(stage, size);
    }
    conv(config.modelChannels(), config.outChannels(), 3, pixels(size));
  }

  /** Counts one block's layers; {@code size} follows the resolution through it. */
  private void stage(List<Layer> layers, int[] size) {
    for (Layer layer : layers) {
      switch (layer) {
        case InConv c -> conv(c.in(), c.out(), 3, pixels(size));
        case Res r -> res(r.in(), r.out(), pixels(size));
        case Transformer t -> transformer(t.channels(), pixels(size));
        case Down d -> {
          size[0] /= 2;
          size[1] /= 2;
          conv(d.channels(), d.channels(), 3, pixels(size));
        }
        case Up u -> {
          size[0] *= 2;
          size[1] *= 2;
          conv(u.channels(), u.channels(), 3, pixels(size));
        }
      }
    }
  }

  private void res(int in, int out, long pixels) {
    conv(in, out, 3, pixels);
    linear(1, config.timeEmbedDim(), out);
    conv(out, out, 3, pixels);
    if (in != out) {
      conv(in, out, 1, pixels);
    }
  }

  private void transformer(int c, long n) {
    long m = contextLength;
    int d = config.contextDim();
    conv(c, c, 1, n); // proj_in
    for (int block = 0; block < config.transformerDepth(); block++) {
      linear(n, c, c); // attn1: q, k, v and out over the pixels
      linear(n, c, c);
      linear(n, c, c);
      linear(n, c, c);
      flops += 2 * 2 * n * n * c; // q·kᵀ and weights·v
      linear(n, c, c); // attn2: queries from the pixels
      linear(m, d, c); // keys and values from the text
      linear(m, d, c);
      linear(n, c, c);
      flops += 2 * 2 * n * m * c;
      linear(n, c, 8L * c); // GEGLU in
      linear(n, 4L * c, c); // and out
    }
    conv(c, c, 1, n); // proj_out
  }

  private void conv(long in, long out, int kernel, long pixels) {
    flops += 2 * in * out * kernel * kernel * pixels;
  }

  private void linear(long tokens, long in, long out) {
    flops += 2 * tokens * in * out;
  }

  private static long pixels(int[] size) {
    return (long) size[0] * size[1];
  }
}
