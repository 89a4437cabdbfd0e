package dev.atelier.diffusion;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * An 8-bit gray image, row-major, one byte per pixel: the form an inpainting mask takes (255 where
 * the picture is painted again, 0 where it is kept, values between for a partial blend).
 */
public record GrayImage(int width, int height, byte[] gray) {

  public GrayImage {
    if (width < 1 || height < 1 || gray.length != (long) width * height) {
      throw new IllegalArgumentException("Gray data does not match " + width + "×" + height);
    }
  }

  /** A {@code width}×{@code height} image of one {@code value} (0 to 255). */
  public static GrayImage filled(int width, int height, int value) {
    if (value < 0 || value > 255) {
      throw new IllegalArgumentException("A gray value is 0 to 255, not " + value);
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("Size must be positive: " + width + "×" + height);
    }
    byte[] gray = new byte[Math.multiplyExact(width, height)];
    Arrays.fill(gray, (byte) value);
    return new GrayImage(width, height, gray);
  }

  /**
   * The gray of any picture: a gray picture's own values (8 or 16 bits, alpha ignored), a colour
   * picture's luma {@code (299 R + 587 G + 114 B) / 1000} rounded (ITU-R 601, as PIL's "L" mode).
   * Alpha is ignored: a mask is painted in gray, not in transparency.
   */
  public static GrayImage of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] gray = new byte[Math.multiplyExact(w, h)];
    Raster raster = image.getRaster();
    boolean grayModel =
        image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
            && raster.getNumBands() <= 2;
    if (grayModel) {
      // Straight from the raster: getRGB would pass gray through a colour conversion.
      int max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          gray[y * w + x] = (byte) Math.round(raster.getSample(x, y, 0) * 255.0 / max);
        }
      }
    } else {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int argb = image.getRGB(x, y);
          gray[y * w + x] = (byte) luma(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff);
        }
      }
    }
    return new GrayImage(w, h, gray);
  }

  /** The luma of an RGB picture, as {@link #of(BufferedImage)} computes it. */
  public static GrayImage luma(RgbImage picture) {
    byte[] rgb = picture.rgb();
    byte[] gray = new byte[picture.width() * picture.height()];
    for (int p = 0; p < gray.length; p++) {
      gray[p] = (byte) luma(rgb[3 * p] & 0xff, rgb[3 * p + 1] & 0xff, rgb[3 * p + 2] & 0xff);
    }
    return new GrayImage(picture.width(), picture.height(), gray);
  }

  private static int luma(int r, int g, int b) {
    return (299 * r + 587 * g + 114 * b + 500) / 1000;
  }

  /** The negative: 255 - value everywhere (what was painted again is kept, and the reverse). */
  public GrayImage inverted() {
    byte[] out = new byte[gray.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (255 - (gray[i] & 0xff));
    }
    return new GrayImage(width, height, out);
  }

  /**
   * This image scaled to cover {@code w}×{@code h} and cut around its centre, exactly as {@link
   * RgbImage#cover} scales and cuts a picture of the same size, so that a mask stays on the part of
   * the picture it was painted on.
   */
  public GrayImage cover(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    return luma(toRgb().cover(w, h));
  }

  /** The same gray in all three channels. */
  public RgbImage toRgb() {
    byte[] rgb = new byte[gray.length * 3];
    for (int p = 0; p < gray.length; p++) {
      rgb[3 * p] = gray[p];
      rgb[3 * p + 1] = gray[p];
      rgb[3 * p + 2] = gray[p];
    }
    return new RgbImage(width, height, rgb);
  }

  /** Each value as a fraction, value / 255, row-major. */
  public float[] toFractions() {
    float[] out = new float[gray.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (gray[i] & 0xff) / 255f;
    }
    return out;
  }

  /** Whether every value is 0. */
  public boolean isBlack() {
    for (byte b : gray) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** An 8-bit gray {@link BufferedImage} of the same values. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, gray.clone());
    return image;
  }

  /** An 8-bit gray PNG of the same values, no metadata. */
  public byte[] toPng() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(toBufferedImage(), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GrayImage g
        && g.width == width
        && g.height == height
        && Arrays.equals(g.gray, gray);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(gray);
  }

  @Override
  public String toString() {
    return "GrayImage[" + width + "×" + height + "]";
  }
}
