package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.NoiseSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A cheap picture of a latent for previews during sampling: each latent pixel's colour is a fixed
 * linear function of its channels, {@code rgb = Wᵀ·z + b}, shown as a block of {@code upscale ×
 * upscale} image pixels (nearest neighbour). It costs a few multiply-adds per latent pixel, where a
 * VAE decode costs billions, so it can run at every step.
 *
 * <p>Latents are in the diffusion model's units (scaled, as samplers produce them); colours are in
 * [-1, 1], clamped when they become images.
 */
public final class LatentPreview {

  private final float[][] factors;
  private final float[] bias;
  private final int upscale;

  /**
   * @param factors one row per latent channel, three columns (red, green, blue)
   * @param bias one per colour
   * @param upscale image pixels per latent pixel along each side (the VAE's down factor)
   */
  public LatentPreview(float[][] factors, float[] bias, int upscale) {
    if (factors.length == 0 || bias.length != 3 || upscale < 1) {
      throw new IllegalArgumentException("A preview needs C×3 factors, 3 biases, upscale ≥ 1");
    }
    this.factors = new float[factors.length][];
    for (int c = 0; c < factors.length; c++) {
      if (factors[c].length != 3) {
        throw new IllegalArgumentException("Each latent channel needs three colour factors");
      }
      this.factors[c] = factors[c].clone();
    }
    this.bias = bias.clone();
    this.upscale = upscale;
  }

  /**
   * SD 1.x's factors (no bias), as published in ComfyUI's {@code comfy/latent_formats.py}, class
   * {@code SD15}, {@code latent_rgb_factors} (applied there to scaled latents, colours in [-1, 1]).
   * They were fitted to the SD 1.x VAE's decoded colours and serve every SD 1.x fine-tune that
   * keeps that VAE.
   */
  public static LatentPreview sd15() {
    return new LatentPreview(
        new float[][] {
          {0.3512f, 0.2297f, 0.3227f},
          {0.3250f, 0.4974f, 0.2350f},
          {-0.2829f, 0.1762f, 0.2721f},
          {-0.2120f, -0.2616f, -0.7177f}
        },
        new float[3],
        8);
  }

  public int latentChannels() {
    return factors.length;
  }

  /** The colour of one latent pixel with channels {@code z}. */
  public float[] colour(float[] z) {
    if (z.length != factors.length) {
      throw new IllegalArgumentException(z.length + " channels, expected " + factors.length);
    }
    float[] rgb = bias.clone();
    for (int c = 0; c < z.length; c++) {
      for (int k = 0; k < 3; k++) {
        rgb[k] += factors[c][k] * z[c];
      }
    }
    return rgb;
  }

  /**
   * The preview as floats.
   *
   * @param latents (B, C, h, w)
   * @return (B, 3, h·upscale, w·upscale) on {@code latents}' manager
   */
  public NDArray project(NDArray latents) {
    Shape s = checked(latents);
    int b = (int) s.get(0);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    float[] out = render(latents.toFloatArray(), b, h, w);
    NDManager m = latents.getManager();
    return m.create(out, new Shape(b, 3, (long) h * upscale, (long) w * upscale));
  }

  /** The preview as one image per batch row. */
  public List<RgbImage> images(NDArray latents) {
    Shape s = checked(latents);
    int b = (int) s.get(0);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    float[] chw = render(latents.toFloatArray(), b, h, w);
    int plane = 3 * h * upscale * w * upscale;
    List<RgbImage> images = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      images.add(RgbImage.fromChw(chw, i * plane, w * upscale, h * upscale));
    }
    return images;
  }

  private Shape checked(NDArray latents) {
    Shape s = latents.getShape();
    if (s.dimension() != 4 || s.get(1) != factors.length) {
      throw new IllegalArgumentException(
          "A preview takes latents of shape (B, " + factors.length + ", h, w), not " + s);
    }
    Math.multiplyExact(Math.multiplyExact(s.get(0) * 3, s.get(2) * upscale), s.get(3) * upscale);
    return s;
  }

  private float[] render(float[] z, int b, int h, int w) {
    int channels = factors.length;
    int big = h * upscale * w * upscale;
    float[] out = new float[b * 3 * big];
    float[] pixel = new float[channels];
    for (int i = 0; i < b; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int c = 0; c < channels; c++) {
            pixel[c] = z[((i * channels + c) * h + y) * w + x];
          }
          float[] rgb = colour(pixel);
          for (int k = 0; k < 3; k++) {
            fillBlock(out, (i * 3 + k) * big, y, x, w * upscale, rgb[k]);
          }
        }
      }
    }
    return out;
  }

  private void fillBlock(float[] out, int planeOffset, int y, int x, int rowLength, float v) {
    for (int dy = 0; dy < upscale; dy++) {
      int row = planeOffset + (y * upscale + dy) * rowLength + x * upscale;
      java.util.Arrays.fill(out, row, row + upscale, v);
    }
  }

  /**
   * Fits a preview to a VAE by least squares: decodes {@code samples} flat latents (every pixel the
   * same, channels drawn from {@code noise}: standard normal, the diffusion model's latent scale)
   * of {@code side × side} pixels and fits each one's mean decoded colour. For VAEs whose factors
   * are not published.
   */
  public static LatentPreview fit(Vae vae, NoiseSource noise, int samples, int side) {
    if (noise.variants() != 1 || samples < vae.config().latentChannels() + 1 || side < 1) {
      throw new IllegalArgumentException(
          "A fit needs one noise stream and more samples than channels");
    }
    int channels = vae.config().latentChannels();
    float[][] z = new float[samples][];
    float[][] colours = new float[samples][];
    try (NDManager m = vae.scratch()) {
      float[] flat = new float[samples * channels * side * side];
      for (int n = 0; n < samples; n++) {
        z[n] = noise.next(m, new Shape(channels)).toFloatArray();
        for (int c = 0; c < channels; c++) {
          int from = (n * channels + c) * side * side;
          java.util.Arrays.fill(flat, from, from + side * side, z[n][c]);
        }
      }
      NDArray latents = m.create(flat, new Shape(samples, channels, side, side));
      float[] mean = vae.decode(latents).mean(new int[] {3}).mean(new int[] {2}).toFloatArray();
      for (int n = 0; n < samples; n++) {
        colours[n] = new float[] {mean[n * 3], mean[n * 3 + 1], mean[n * 3 + 2]};
      }
    }
    return LeastSquares.fit(z, colours, vae.config().downFactor());
  }

  public float[][] factors() {
    float[][] copy = new float[factors.length][];
    for (int c = 0; c < factors.length; c++) {
      copy[c] = factors[c].clone();
    }
    return copy;
  }

  public float[] bias() {
    return bias.clone();
  }

  public int upscale() {
    return upscale;
  }
}
