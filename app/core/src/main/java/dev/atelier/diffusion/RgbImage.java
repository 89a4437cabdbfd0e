package dev.atelier.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.hashing.Hashes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image, row-major, three bytes per pixel: the form every generated image takes before
 * it becomes a PNG. Its {@link #pixelSha256()} is the content hash provenance records.
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width < 1 || height < 1 || rgb.length != width * height * 3) {
      throw new IllegalArgumentException("RGB data does not match " + width + "×" + height);
    }
  }

  /** From channel-first floats in [-1, 1] (values outside are clamped). */
  public static RgbImage fromChw(float[] chw, int offset, int width, int height) {
    int plane = width * height;
    byte[] rgb = new byte[plane * 3];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        float v = chw[offset + c * plane + p];
        float scaled = (Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f;
        rgb[p * 3 + c] = (byte) Math.round(scaled);
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** One image per batch row of {@code (N, 3, H, W)} floats in [-1, 1]. */
  public static List<RgbImage> fromBatch(NDArray chw) {
    Shape shape = chw.getShape();
    int n = (int) shape.get(0);
    int h = (int) shape.get(2);
    int w = (int) shape.get(3);
    float[] data = chw.toFloatArray();
    List<RgbImage> images = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      images.add(fromChw(data, i * 3 * h * w, w, h));
    }
    return images;
  }

  /** Channel-first floats in [-1, 1], (3, H, W) row-major: the inverse of {@link #fromChw}. */
  public float[] toChw() {
    int plane = width * height;
    float[] chw = new float[plane * 3];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        chw[c * plane + p] = (rgb[p * 3 + c] & 0xff) / 127.5f - 1f;
      }
    }
    return chw;
  }

  /**
   * This picture scaled to cover {@code w}×{@code h} and cut to it around its centre (nothing is
   * stretched; what sticks out on the longer side is cut off). The same picture when it already has
   * that size. Smoothed (bilinear, in halving steps when shrinking a lot).
   */
  public RgbImage cover(int w, int h) {
    if (w < 1 || h < 1) {
      throw new IllegalArgumentException("Size must be positive: " + w + "×" + h);
    }
    if (w == width && h == height) {
      return this;
    }
    double scale = Math.max((double) w / width, (double) h / height);
    int scaledW = Math.max(w, (int) Math.round(width * scale));
    int scaledH = Math.max(h, (int) Math.round(height * scale));
    BufferedImage current = toBufferedImage();
    int cw = width;
    int ch = height;
    while (cw / 2 >= scaledW && ch / 2 >= scaledH) {
      cw /= 2;
      ch /= 2;
      current = scaled(current, cw, ch);
    }
    current = scaled(current, scaledW, scaledH);
    return of(current.getSubimage((scaledW - w) / 2, (scaledH - h) / 2, w, h));
  }

  private static BufferedImage scaled(BufferedImage from, int w, int h) {
    BufferedImage to = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = to.createGraphics();
    try {
      g.setRenderingHint(
          java.awt.RenderingHints.KEY_INTERPOLATION,
          java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(
          java.awt.RenderingHints.KEY_RENDERING, java.awt.RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(from, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return to;
  }

  public static RgbImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = image.getRGB(x, y);
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (argb >> 16);
        rgb[i + 1] = (byte) (argb >> 8);
        rgb[i + 2] = (byte) argb;
      }
    }
    return new RgbImage(w, h, rgb);
  }

  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        image.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    return image;
  }

  /** PNG bytes (no metadata). */
  public byte[] toPng() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(toBufferedImage(), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SHA-256 of the raw RGB bytes (row-major, 3 bytes per pixel, no header), lowercase hex. */
  public String pixelSha256() {
    return Hashes.sha256Hex(rgb);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage r
        && r.width == width
        && r.height == height
        && java.util.Arrays.equals(r.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + java.util.Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "×" + height + "]";
  }
}
