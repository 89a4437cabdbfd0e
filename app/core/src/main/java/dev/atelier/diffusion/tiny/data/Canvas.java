package dev.atelier.diffusion.tiny.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A small software raster for the procedural styles. Shapes are placed in unit coordinates ({@code
 * u} right, {@code v} down, both 0..1 across the image), so a picture looks the same at any size.
 * Edges are antialiased from signed distances, in plain double arithmetic with {@link StrictMath}
 * for transcendental functions: the pixels depend only on the inputs, never on the platform or on a
 * graphics pipeline.
 */
final class Canvas {

  /** Colour of one pixel, given the unit coordinates of its centre. */
  interface Shader {
    Rgb at(double u, double v);
  }

  /** Signed distance in unit coordinates from a point to a shape's edge, negative inside. */
  interface Shape {
    double distance(double u, double v);
  }

  private final int size;
  private final double[] red;
  private final double[] green;
  private final double[] blue;
  private final double[] mask;

  Canvas(int size) {
    this.size = size;
    int n = size * size;
    red = new double[n];
    green = new double[n];
    blue = new double[n];
    mask = new double[n];
  }

  /** Sets every pixel from {@code shader}. */
  void paint(Shader shader) {
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        set(y * size + x, shader.at(centre(x), centre(y)));
      }
    }
  }

  /** Blends {@code colour} with opacity {@code alpha} over the shape inside the given bounds. */
  void fill(
      Shape shape, double minU, double minV, double maxU, double maxV, Rgb colour, double alpha) {
    int x0 = lowPixel(minU);
    int x1 = highPixel(maxU);
    int y0 = lowPixel(minV);
    int y1 = highPixel(maxV);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double cover = coverage(shape.distance(centre(x), centre(y)));
        if (cover > 0) {
          blend(y * size + x, colour, alpha * cover);
        }
      }
    }
  }

  /** An antialiased disc. */
  void circle(double cu, double cv, double radius, Rgb colour, double alpha) {
    fill(
        (u, v) -> Math.sqrt((u - cu) * (u - cu) + (v - cv) * (v - cv)) - radius,
        cu - radius,
        cv - radius,
        cu + radius,
        cv + radius,
        colour,
        alpha);
  }

  /**
   * An antialiased axis-aligned ellipse with radii {@code ru} across and {@code rv} down. The edge
   * distance is approximated by scaling, which is accurate where the curve is flattest.
   */
  void ellipse(double cu, double cv, double ru, double rv, Rgb colour, double alpha) {
    double scale = Math.min(ru, rv);
    fill(
        (u, v) -> {
          double du = (u - cu) / ru;
          double dv = (v - cv) / rv;
          return (Math.sqrt(du * du + dv * dv) - 1) * scale;
        },
        cu - ru,
        cv - rv,
        cu + ru,
        cv + rv,
        colour,
        alpha);
  }

  /** A filled convex polygon; vertices in either winding order. */
  void polygon(double[] us, double[] vs, Rgb colour, double alpha) {
    fill(convex(us, vs), min(us), min(vs), max(us), max(vs), colour, alpha);
  }

  /**
   * Everything below the curve {@code v = height(u)}, coloured per pixel by {@code shader}. Steep
   * edges are smoothed by sampling the curve four times across each pixel.
   */
  void fillBelow(DoubleUnaryOperator height, Shader shader, double alpha) {
    double step = 1.0 / size;
    for (int x = 0; x < size; x++) {
      double[] h = new double[4];
      double top = Double.MAX_VALUE;
      for (int s = 0; s < 4; s++) {
        h[s] = height.applyAsDouble((x + (s + 0.5) / 4) * step);
        top = Math.min(top, h[s]);
      }
      for (int y = Math.max(0, lowPixel(top)); y < size; y++) {
        double v = centre(y);
        double cover = 0;
        for (int s = 0; s < 4; s++) {
          cover += coverage(h[s] - v);
        }
        if (cover > 0) {
          blend(y * size + x, shader.at(centre(x), v), alpha * cover / 4);
        }
      }
    }
  }

  /**
   * A polyline of constant width with round joins. Overlapping segments of one line do not darken
   * each other: coverage is collected first and blended once.
   */
  void stroke(double[] us, double[] vs, int points, double width, Rgb colour, double alpha) {
    double half = width / 2;
    int bx0 = size;
    int by0 = size;
    int bx1 = -1;
    int by1 = -1;
    for (int i = 0; i < points; i++) {
      int j = Math.min(i + 1, points - 1);
      double au = us[i];
      double av = vs[i];
      double bu = us[j];
      double bv = vs[j];
      int x0 = lowPixel(Math.min(au, bu) - half);
      int x1 = highPixel(Math.max(au, bu) + half);
      int y0 = lowPixel(Math.min(av, bv) - half);
      int y1 = highPixel(Math.max(av, bv) + half);
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          double d = segmentDistance(centre(x), centre(y), au, av, bu, bv) - half;
          int k = y * size + x;
          mask[k] = Math.max(mask[k], coverage(d));
        }
      }
      bx0 = Math.min(bx0, x0);
      by0 = Math.min(by0, y0);
      bx1 = Math.max(bx1, x1);
      by1 = Math.max(by1, y1);
    }
    for (int y = by0; y <= by1; y++) {
      for (int x = bx0; x <= bx1; x++) {
        int k = y * size + x;
        if (mask[k] > 0) {
          blend(k, colour, alpha * mask[k]);
          mask[k] = 0;
        }
      }
    }
  }

  /** Adds light: a Gaussian spot of standard deviation {@code sigma} (unit coordinates). */
  void glow(double cu, double cv, double sigma, Rgb colour, double strength) {
    double reach = 3 * sigma;
    int x0 = lowPixel(cu - reach);
    int x1 = highPixel(cu + reach);
    int y0 = lowPixel(cv - reach);
    int y1 = highPixel(cv + reach);
    double inv = 1 / (2 * sigma * sigma);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double du = centre(x) - cu;
        double dv = centre(y) - cv;
        add(y * size + x, colour, strength * StrictMath.exp(-(du * du + dv * dv) * inv));
      }
    }
  }

  /**
   * Adds a point of light smaller than a pixel, shared bilinearly among the four nearest pixels so
   * its total brightness does not depend on where it falls.
   */
  void point(double cu, double cv, Rgb colour, double strength) {
    double px = cu * size - 0.5;
    double py = cv * size - 0.5;
    int x = (int) Math.floor(px);
    int y = (int) Math.floor(py);
    double fx = px - x;
    double fy = py - y;
    addIfInside(x, y, colour, strength * (1 - fx) * (1 - fy));
    addIfInside(x + 1, y, colour, strength * fx * (1 - fy));
    addIfInside(x, y + 1, colour, strength * (1 - fx) * fy);
    addIfInside(x + 1, y + 1, colour, strength * fx * fy);
  }

  /** The picture as 8-bit sRGB, channels clamped to [0, 1] and rounded. */
  BufferedImage toImage() {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int k = y * size + x;
        row[x] = (byte8(red[k]) << 16) | (byte8(green[k]) << 8) | byte8(blue[k]);
      }
      image.setRGB(0, y, size, 1, row, 0, size);
    }
    return image;
  }

  /** Signed distance to a convex polygon (exact inside, a close bound outside). */
  private static Shape convex(double[] us, double[] vs) {
    int n = us.length;
    double area = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      area += us[i] * vs[j] - us[j] * vs[i];
    }
    double orientation = Math.signum(area);
    double[] nu = new double[n];
    double[] nv = new double[n];
    double[] offset = new double[n];
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      double eu = us[j] - us[i];
      double ev = vs[j] - vs[i];
      double length = Math.sqrt(eu * eu + ev * ev);
      nu[i] = orientation * ev / length;
      nv[i] = -orientation * eu / length;
      offset[i] = nu[i] * us[i] + nv[i] * vs[i];
    }
    return (u, v) -> {
      double d = -Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        d = Math.max(d, nu[i] * u + nv[i] * v - offset[i]);
      }
      return d;
    };
  }

  private static double segmentDistance(
      double pu, double pv, double au, double av, double bu, double bv) {
    double eu = bu - au;
    double ev = bv - av;
    double lengthSquared = eu * eu + ev * ev;
    double t = lengthSquared == 0 ? 0 : ((pu - au) * eu + (pv - av) * ev) / lengthSquared;
    t = Math.clamp(t, 0.0, 1.0);
    double du = pu - (au + t * eu);
    double dv = pv - (av + t * ev);
    return Math.sqrt(du * du + dv * dv);
  }

  /** Fraction of a pixel covered, from the signed distance of its centre to an edge. */
  private double coverage(double distance) {
    return Math.clamp(0.5 - distance * size, 0.0, 1.0);
  }

  private double centre(int pixel) {
    return (pixel + 0.5) / size;
  }

  /** First pixel whose antialiased edge can reach unit coordinate {@code unit}. */
  private int lowPixel(double unit) {
    return Math.clamp((long) Math.floor(unit * size) - 1, 0, size - 1);
  }

  /** Last pixel whose antialiased edge can reach unit coordinate {@code unit}. */
  private int highPixel(double unit) {
    return Math.clamp((long) Math.ceil(unit * size), 0, size - 1);
  }

  private void set(int k, Rgb c) {
    red[k] = c.r();
    green[k] = c.g();
    blue[k] = c.b();
  }

  private void blend(int k, Rgb c, double alpha) {
    red[k] += (c.r() - red[k]) * alpha;
    green[k] += (c.g() - green[k]) * alpha;
    blue[k] += (c.b() - blue[k]) * alpha;
  }

  private void add(int k, Rgb c, double amount) {
    red[k] += c.r() * amount;
    green[k] += c.g() * amount;
    blue[k] += c.b() * amount;
  }

  private void addIfInside(int x, int y, Rgb c, double amount) {
    if (x >= 0 && y >= 0 && x < size && y < size) {
      add(y * size + x, c, amount);
    }
  }

  private static int byte8(double channel) {
    return (int) Math.round(Math.clamp(channel, 0.0, 1.0) * 255);
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }
}
