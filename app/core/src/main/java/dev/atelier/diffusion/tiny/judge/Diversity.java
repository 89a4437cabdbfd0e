package dev.atelier.diffusion.tiny.judge;

import dev.atelier.diffusion.RgbImage;
import java.util.List;

/**
 * How different pictures are from each other and from the training set, in 8-bit levels (RMS over
 * pixels and channels).
 *
 * <p>Diversity is the mean distance between every pair of pictures averaged down to {@value
 * #THUMB}×{@value #THUMB} pixels: composition and colour count, pixel-level grain does not. Its
 * expected value does not depend on how many pictures there are, so four variants can be set
 * against dozens of training pictures.
 */
public final class Diversity {

  /** The side pictures are averaged down to before they are compared. */
  public static final int THUMB = 16;

  private Diversity() {}

  /** The mean pairwise distance of {@code pictures} at {@value #THUMB} pixels a side. */
  public static double meanPairwise(List<Raster> pictures) {
    if (pictures.size() < 2) {
      throw new IllegalArgumentException("Diversity needs at least two pictures");
    }
    List<Raster> small = pictures.stream().map(p -> p.downscaled(THUMB)).toList();
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < small.size(); i++) {
      for (int j = i + 1; j < small.size(); j++) {
        sum += rms(small.get(i), small.get(j));
        pairs++;
      }
    }
    return sum / pairs;
  }

  /** RMS distance of two same-sized pictures, in 8-bit levels. */
  public static double rms(Raster a, Raster b) {
    if (a.side() != b.side()) {
      throw new IllegalArgumentException("Pictures of different sizes cannot be compared");
    }
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double[] x = a.plane(c);
      double[] y = b.plane(c);
      for (int k = 0; k < x.length; k++) {
        double d = (x[k] - y[k]) * 255;
        sum += d * d;
      }
    }
    return Math.sqrt(sum / (3.0 * a.side() * a.side()));
  }

  /**
   * The smallest RMS distance, in 8-bit levels at full size, from {@code picture} to any of the
   * {@code training} pictures (each as {@link RgbImage#rgb()} bytes of the same size).
   */
  public static double nearest(RgbImage picture, List<byte[]> training) {
    byte[] x = picture.rgb();
    long best = Long.MAX_VALUE;
    for (byte[] t : training) {
      if (t.length != x.length) {
        throw new IllegalArgumentException("Training pictures must be the size of the picture");
      }
      long sum = 0;
      for (int k = 0; k < x.length && sum < best; k++) {
        int d = (x[k] & 0xff) - (t[k] & 0xff);
        sum += (long) d * d;
      }
      best = Math.min(best, sum);
    }
    return Math.sqrt(best / (double) x.length);
  }
}
