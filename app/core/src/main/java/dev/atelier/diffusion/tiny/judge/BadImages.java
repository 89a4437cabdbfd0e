package dev.atelier.diffusion.tiny.judge;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deliberately bad pictures that a judge of style must not accept: noise, blank canvases, blobs,
 * blurred pictures and pictures recoloured with another picture's palette. Each is a pure function
 * of its seed and inputs, {@value Features#SIDE} pixels a side.
 */
public final class BadImages {

  private static final int SIDE = Features.SIDE;

  private BadImages() {}

  /** The kinds of bad picture, for tables. */
  public enum Kind {
    WHITE_NOISE("white noise"),
    COLOURED_NOISE("coloured noise"),
    BLOBS("blobs"),
    BLANK("blank"),
    BLUR("blur"),
    PALETTE_SWAP("palette swap");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * Independent noise in every pixel and channel: Gaussian around a random colour, with a random
   * strength from faint to harsh.
   */
  public static Raster whiteNoise(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] planes = new double[3][SIDE * SIDE];
    double strength = range(random, 0.08, 0.35);
    for (int c = 0; c < 3; c++) {
      double base = range(random, 0.15, 0.85);
      for (int k = 0; k < planes[c].length; k++) {
        planes[c][k] = clamp(base + strength * gaussian(random));
      }
    }
    return new Raster(SIDE, planes[0], planes[1], planes[2]);
  }

  /**
   * Coloured (1/f-like) noise: octaves of smoothly interpolated random grids, coarse to fine, with
   * amplitudes falling as a random power of the frequency, separately per channel. Smooth blotches
   * at one end, fine grain at the other.
   */
  public static Raster colouredNoise(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double slope = range(random, 0, 1.6);
    double[][] planes = new double[3][];
    for (int c = 0; c < 3; c++) {
      double[] sum = new double[SIDE * SIDE];
      for (int cells = 2; cells <= SIDE; cells *= 2) {
        double amplitude = Math.pow(cells, -slope);
        double[] layer = valueNoise(random, cells);
        for (int k = 0; k < sum.length; k++) {
          sum[k] += amplitude * layer[k];
        }
      }
      planes[c] = stretch(sum, range(random, 0.2, 0.8), range(random, 0.1, 0.3));
    }
    return new Raster(SIDE, planes[0], planes[1], planes[2]);
  }

  /**
   * Blobs on paper: a light ground and three to eight dark or coloured blobs, soft-edged ellipses
   * or hard-edged irregular shapes, placed at random.
   */
  public static Raster blobs(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] paper = {range(random, 0.75, 1), range(random, 0.75, 1), range(random, 0.6, 1)};
    double[][] planes = new double[3][SIDE * SIDE];
    for (int c = 0; c < 3; c++) {
      Arrays.fill(planes[c], paper[c]);
    }
    int count = 3 + (int) (random.nextDouble() * 6);
    boolean hard = random.nextDouble() < 0.5;
    for (int b = 0; b < count; b++) {
      double[] ink = {range(random, 0, 0.8), range(random, 0, 0.8), range(random, 0, 0.9)};
      double cx = range(random, 0.1, 0.9) * SIDE;
      double cy = range(random, 0.1, 0.9) * SIDE;
      double rx = range(random, 0.05, 0.2) * SIDE;
      double ry = range(random, 0.05, 0.2) * SIDE;
      double softness = hard ? 0.3 : range(random, 1.5, 5);
      double[] wobble = {range(random, 0, 0.35), range(random, 0, 6.3), 2 + below(random, 4)};
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          double dx = (x + 0.5 - cx) / rx;
          double dy = (y + 0.5 - cy) / ry;
          double angle = Math.atan2(dy, dx);
          double edge = 1 + wobble[0] * Math.sin(wobble[2] * angle + wobble[1]);
          double distance = (Math.sqrt(dx * dx + dy * dy) - edge) * Math.min(rx, ry);
          double alpha = 1 / (1 + Math.exp(distance / softness));
          int k = y * SIDE + x;
          for (int c = 0; c < 3; c++) {
            planes[c][k] += (ink[c] - planes[c][k]) * alpha;
          }
        }
      }
    }
    return new Raster(SIDE, planes[0], planes[1], planes[2]);
  }

  /**
   * A blank canvas: one flat colour, or a smooth gradient between two colours (across, down or
   * diagonal), with a faint dither of at most one level.
   */
  public static Raster blank(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] from = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
    boolean flat = random.nextDouble() < 0.5;
    double[] to =
        flat ? from : new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()};
    double angle = range(random, 0, 2 * Math.PI);
    double[][] planes = new double[3][SIDE * SIDE];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double along = ((x - SIDE / 2.0) * Math.cos(angle) + (y - SIDE / 2.0) * Math.sin(angle));
        double t = Math.clamp(0.5 + along / (SIDE * 1.42), 0.0, 1.0);
        for (int c = 0; c < 3; c++) {
          double dither = (random.nextDouble() - 0.5) / 255;
          planes[c][y * SIDE + x] = clamp(from[c] + (to[c] - from[c]) * t + dither);
        }
      }
    }
    return new Raster(SIDE, planes[0], planes[1], planes[2]);
  }

  /** A Gaussian blur of {@code picture} with standard deviation {@code sigma} pixels. */
  public static Raster blurred(Raster picture, double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("A blur's sigma must be above 0, not " + sigma);
    }
    int side = picture.side();
    int reach = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * reach + 1];
    double total = 0;
    for (int i = -reach; i <= reach; i++) {
      kernel[i + reach] = Math.exp(-i * i / (2 * sigma * sigma));
      total += kernel[i + reach];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= total;
    }
    double[][] out = new double[3][];
    for (int c = 0; c < 3; c++) {
      double[] across = convolve(picture.plane(c), side, kernel, 1, 0);
      out[c] = convolve(across, side, kernel, 0, 1);
    }
    return new Raster(side, out[0], out[1], out[2]);
  }

  /**
   * {@code picture} recoloured with the colours of {@code palette}: each channel's values are
   * mapped, rank for rank, onto the other picture's values of that channel (histogram matching), so
   * the result has the other picture's colours but its own shapes.
   */
  public static Raster paletteSwap(Raster picture, Raster palette) {
    if (picture.side() != palette.side()) {
      throw new IllegalArgumentException("Both pictures must be the same size");
    }
    int n = picture.side() * picture.side();
    double[][] out = new double[3][n];
    for (int c = 0; c < 3; c++) {
      double[] values = picture.plane(c);
      double[] target = palette.plane(c).clone();
      Arrays.sort(target);
      Integer[] order = new Integer[n];
      for (int k = 0; k < n; k++) {
        order[k] = k;
      }
      Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
      for (int rank = 0; rank < n; rank++) {
        out[c][order[rank]] = target[rank];
      }
    }
    return new Raster(picture.side(), out[0], out[1], out[2]);
  }

  private static double[] convolve(double[] p, int side, double[] kernel, int sx, int sy) {
    int reach = kernel.length / 2;
    double[] out = new double[p.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double sum = 0;
        for (int i = -reach; i <= reach; i++) {
          int xx = Math.clamp(x + i * sx, 0, side - 1);
          int yy = Math.clamp(y + i * sy, 0, side - 1);
          sum += kernel[i + reach] * p[yy * side + xx];
        }
        out[y * side + x] = sum;
      }
    }
    return out;
  }

  /** A {@code cells}×{@code cells} grid of random values, smoothly interpolated to the side. */
  private static double[] valueNoise(SplittableRandom random, int cells) {
    double[] grid = new double[(cells + 1) * (cells + 1)];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = random.nextDouble() * 2 - 1;
    }
    double[] out = new double[SIDE * SIDE];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double gx = (x + 0.5) * cells / SIDE;
        double gy = (y + 0.5) * cells / SIDE;
        int ix = Math.min((int) gx, cells - 1);
        int iy = Math.min((int) gy, cells - 1);
        double fx = smooth(gx - ix);
        double fy = smooth(gy - iy);
        double top = lerp(grid[iy * (cells + 1) + ix], grid[iy * (cells + 1) + ix + 1], fx);
        double low =
            lerp(grid[(iy + 1) * (cells + 1) + ix], grid[(iy + 1) * (cells + 1) + ix + 1], fx);
        out[y * SIDE + x] = lerp(top, low, fy);
      }
    }
    return out;
  }

  /** Rescales {@code values} to the given mean and standard deviation, clamped to [0, 1]. */
  private static double[] stretch(double[] values, double mean, double std) {
    double m = Texture.mean(values);
    double s = Math.max(1e-9, Texture.std(values));
    double[] out = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      out[k] = clamp(mean + (values[k] - m) / s * std);
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double range(SplittableRandom random, double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  private static int below(SplittableRandom random, int bound) {
    return (int) (random.nextDouble() * bound);
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  private static double clamp(double v) {
    return Math.clamp(v, 0.0, 1.0);
  }
}
