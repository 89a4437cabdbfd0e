package dev.atelier.diffusion.tiny.data;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Paints the pictures of Atelier's own training data: one small artwork per (style, palette, seed).
 *
 * <p>The seed drives everything that varies within a style (positions, counts, frequencies, sizes,
 * which palette colour goes where); the style fixes the composition, so a picture stays
 * recognisable as its style in every palette.
 *
 * <p>Rendering is a pure function of its arguments: the same inputs give the same pixels on every
 * platform. It uses its own raster ({@link Canvas}) in plain double arithmetic with {@link
 * StrictMath}, randomness only from a {@link SplittableRandom} seeded with {@code seed}, and
 * nothing from fonts, the graphics pipeline or the clock; it works headless. Changing any drawing
 * step changes the pictures, and with them the data set's fingerprint (see {@link
 * ProceduralDataset#merkleRoot()}).
 */
public final class ProceduralArt {

  /** Smallest image side accepted. */
  public static final int MIN_SIZE = 8;

  /** Largest image side accepted. */
  public static final int MAX_SIZE = 1024;

  private static final double TAU = 2 * Math.PI;

  private ProceduralArt() {}

  /**
   * Renders one picture.
   *
   * @param size side in pixels, {@value #MIN_SIZE} to {@value #MAX_SIZE}; the data set uses 64
   * @return a new {@code size}×{@code size} {@link BufferedImage#TYPE_INT_RGB} image
   */
  public static BufferedImage render(Style style, Palette palette, long seed, int size) {
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(palette, "palette");
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "size must be " + MIN_SIZE + " to " + MAX_SIZE + ", got " + size);
    }
    Canvas canvas = new Canvas(size);
    SplittableRandom random = new SplittableRandom(seed);
    switch (style) {
      case SUNSET -> sunset(canvas, palette, random);
      case WAVES -> waves(canvas, palette, random);
      case MOUNTAINS -> mountains(canvas, palette, random);
      case STARFIELD -> starfield(canvas, palette, random);
      case GEOMETRIC -> geometric(canvas, palette, random);
      case FLOW_FIELD -> flowField(canvas, palette, random);
    }
    return canvas.toImage();
  }

  /** Graded sky, sun with halo, cloud streaks, sea below a flat horizon, broken reflection. */
  private static void sunset(Canvas canvas, Palette palette, SplittableRandom random) {
    double horizon = range(random, 0.56, 0.72);
    double sunRadius = range(random, 0.07, 0.13);
    double sunU = range(random, 0.25, 0.75);
    double sunV = horizon - range(random, -0.3, 1.8) * sunRadius;
    Rgb top = palette.shade(range(random, 0.15, 0.35));
    Rgb middle = palette.shade(range(random, 0.5, 0.65));
    Rgb low = palette.shade(range(random, 0.82, 0.95));
    Rgb sun = palette.shade(1).mix(Rgb.WHITE, 0.4);
    canvas.paint(
        (u, v) -> {
          double t = Math.min(1, v / horizon);
          return t < 0.55 ? top.mix(middle, t / 0.55) : middle.mix(low, (t - 0.55) / 0.45);
        });
    canvas.glow(sunU, sunV, sunRadius * 2.2, sun, 0.3);
    canvas.circle(sunU, sunV, sunRadius, sun, 1);

    int clouds = 1 + below(random, 3);
    for (int i = 0; i < clouds; i++) {
      double v = range(random, 0.1, horizon - 0.1);
      double u = range(random, 0.05, 0.95);
      Rgb colour = palette.shade(range(random, 0.3, 0.55));
      int puffs = 1 + below(random, 3);
      for (int j = 0; j < puffs; j++) {
        canvas.ellipse(
            u + range(random, -0.12, 0.12),
            v + j * 0.02,
            range(random, 0.1, 0.24),
            range(random, 0.007, 0.014),
            colour,
            0.85);
      }
    }

    Rgb seaTop = palette.shade(range(random, 0.28, 0.42));
    Rgb seaBottom = palette.shade(0).scale(0.8);
    double shimmer = sunRadius * 1.3;
    canvas.fillBelow(
        u -> horizon,
        (u, v) -> {
          double depth = Math.max(0, v - horizon) / (1 - horizon);
          double across = (u - sunU) / shimmer;
          double light = 0.3 * (1 - depth) * StrictMath.exp(-across * across);
          return seaTop.mix(seaBottom, Math.sqrt(depth)).mix(sun, light);
        },
        1);
    line(canvas, -0.1, horizon, 1.1, horizon, 0.008, low, 0.5);

    int streaks = 6 + below(random, 4);
    for (int i = 0; i < streaks; i++) {
      double depth = (i + range(random, 0.2, 0.8)) / streaks;
      double v = horizon + depth * depth * (1 - horizon) * 0.95;
      double half = sunRadius * (1.1 - 0.5 * depth) * range(random, 0.3, 1.1);
      double u = sunU + range(random, -0.025, 0.025);
      double width = range(random, 0.008, 0.014) * (0.7 + depth);
      line(canvas, u - half, v, u + half, v, width, sun, 0.85 * (1 - 0.6 * depth));
    }
  }

  /** Bands of waves, back to front, each crest sharp with a thin foam line. */
  private static void waves(Canvas canvas, Palette palette, SplittableRandom random) {
    int bands = 5 + below(random, 3);
    double first = range(random, 0.14, 0.3);
    Rgb skyTop = palette.shade(range(random, 0.7, 0.85));
    Rgb skyLow = palette.shade(1);
    canvas.paint((u, v) -> skyTop.mix(skyLow, Math.min(1, v / first)));
    boolean darkFront = random.nextDouble() < 0.75;
    double frequency = range(random, 1.3, 2.6);
    double swell = range(random, 0.85, 1.4);
    Rgb foam = palette.shade(1).mix(Rgb.WHITE, 0.5);
    for (int k = 0; k < bands; k++) {
      double t = k / (bands - 1.0);
      double base = first + (1 - first) * k / bands;
      double amplitude = swell * range(random, 0.022, 0.034) * (0.7 + 0.6 * t);
      double angular = TAU * frequency * range(random, 0.85, 1.2);
      double phase = range(random, 0, TAU);
      Rgb body = palette.shade(darkFront ? lerp(0.8, 0.1, t) : lerp(0.15, 0.75, t));
      Rgb deep = body.mix(palette.shade(0), 0.35);
      DoubleUnaryOperator crest =
          u -> {
            double theta = angular * u + phase;
            return base - amplitude * (StrictMath.cos(theta) + 0.25 * StrictMath.cos(2 * theta));
          };
      canvas.fillBelow(crest, (u, v) -> body.mix(deep, Math.clamp((v - base) / 0.2, 0, 1)), 1);
      int points = 48;
      double[] us = new double[points];
      double[] vs = new double[points];
      for (int i = 0; i < points; i++) {
        us[i] = -0.02 + 1.04 * i / (points - 1);
        vs[i] = crest.applyAsDouble(us[i]);
      }
      canvas.stroke(us, vs, points, 0.011, foam, 0.55);
    }
  }

  /**
   * Ranges one behind the other, far ones low and pale, near ones tall and dark, with mist in the
   * valleys. Each range is a few straight-sloped peaks roughened by ridged noise.
   */
  private static void mountains(Canvas canvas, Palette palette, SplittableRandom random) {
    Rgb skyTop = palette.shade(range(random, 0.6, 0.8));
    Rgb haze = palette.shade(1).mix(Rgb.WHITE, 0.25);
    canvas.paint((u, v) -> skyTop.mix(haze, Math.min(1, v / 0.6)));
    Noise noise = new Noise(random.nextLong());
    int layers = 3 + below(random, 3);
    double farBase = range(random, 0.36, 0.46);
    double nearBase = range(random, 0.78, 0.88);
    for (int k = 0; k < layers; k++) {
      double t = k / (layers - 1.0);
      double base = lerp(farBase, nearBase, t);
      double height = lerp(0.12, 0.3, t) * range(random, 0.8, 1.15);
      int count = 2 + below(random, 3);
      double[] peakU = new double[count];
      double[] peakHeight = new double[count];
      double[] leftSlope = new double[count];
      double[] rightSlope = new double[count];
      for (int i = 0; i < count; i++) {
        peakU[i] = (i + range(random, 0.1, 0.9)) / count * 1.2 - 0.1;
        peakHeight[i] = height * range(random, 0.55, 1);
        leftSlope[i] = range(random, 0.6, 1.4);
        rightSlope[i] = range(random, 0.6, 1.4);
      }
      double offset = range(random, 0, 200);
      double lane = k * 7.31 + 0.37;
      Rgb rock = palette.shade(lerp(0.55, 0.02, t)).mix(haze, (1 - t) * 0.5);
      double mist = 0.55 * (1 - t) + 0.15;
      canvas.fillBelow(
          u -> {
            double peaks = 0;
            for (int i = 0; i < count; i++) {
              double slope = u < peakU[i] ? leftSlope[i] : rightSlope[i];
              peaks = Math.max(peaks, peakHeight[i] - slope * Math.abs(u - peakU[i]));
            }
            double rough = ridge(noise, u * 6 + offset, lane);
            return base - peaks - height * 0.18 * rough;
          },
          (u, v) -> rock.mix(haze, mist * smooth((v - base + height * 0.3) / 0.3)),
          1);
    }
  }

  /** Ridged fractal noise in about [0, 1]: sharp crests, rounded hollows. */
  private static double ridge(Noise noise, double x, double lane) {
    double sum = 0;
    double amplitude = 1;
    double norm = 0;
    for (int octave = 0; octave < 4; octave++) {
      double n = 1 - Math.abs(noise.at(x, lane));
      sum += amplitude * n * n;
      norm += amplitude;
      amplitude *= 0.5;
      x *= 2.1;
      lane += 3.7;
    }
    return sum / norm;
  }

  /** A dark graded sky, a noisy band of nebula light, faint and bright stars. */
  private static void starfield(Canvas canvas, Palette palette, SplittableRandom random) {
    Rgb deep = palette.shade(0).scale(0.8);
    Rgb low = palette.shade(0.16);
    Noise noise = new Noise(random.nextLong());
    double angle = range(random, 0, Math.PI);
    double sin = StrictMath.sin(angle);
    double cos = StrictMath.cos(angle);
    double offset = range(random, -0.2, 0.2);
    double width = range(random, 0.16, 0.3);
    double strength = range(random, 0.25, 0.55);
    Rgb gasA = palette.shade(range(random, 0.45, 0.65));
    Rgb gasB = palette.shade(range(random, 0.7, 0.9));
    canvas.paint(
        (u, v) -> {
          double distance = ((u - 0.5) * sin - (v - 0.5) * cos - offset) / width;
          double band = StrictMath.exp(-distance * distance);
          double cloud = noise.fbm(u * 3 + 11, v * 3 + 7, 4);
          double density = band * smooth((cloud + 0.15) / 0.7) * strength;
          Rgb gas = gasA.mix(gasB, smooth(noise.at(u * 2 + 40, v * 2)));
          Rgb sky = deep.mix(low, v);
          return new Rgb(
              sky.r() + gas.r() * density,
              sky.g() + gas.g() * density,
              sky.b() + gas.b() * density);
        });
    int stars = 80 + below(random, 60);
    for (int i = 0; i < stars; i++) {
      double u = random.nextDouble();
      double v = random.nextDouble();
      double magnitude = StrictMath.pow(random.nextDouble(), 4);
      Rgb colour = palette.shade(range(random, 0.75, 1)).mix(Rgb.WHITE, range(random, 0.5, 0.85));
      if (magnitude < 0.3) {
        canvas.point(u, v, colour, 0.3 + 1.8 * magnitude);
      } else {
        canvas.glow(u, v, 0.006 + 0.012 * magnitude, colour, 0.5 + 0.5 * magnitude);
        canvas.circle(u, v, 0.004 + 0.006 * magnitude, colour, 1);
      }
      if (magnitude > 0.85) {
        double reach = 0.04 + 0.05 * magnitude;
        line(canvas, u - reach, v, u + reach, v, 0.004, colour, 0.5);
        line(canvas, u, v - reach, u, v + reach, 0.004, colour, 0.5);
      }
    }
  }

  /** Flat shapes on paper, snapped to a grid: a big circle, blocks, a triangle and a dark bar. */
  private static void geometric(Canvas canvas, Palette palette, SplittableRandom random) {
    Rgb paper = palette.shade(range(random, 0.9, 1)).mix(Rgb.WHITE, 0.15);
    canvas.paint((u, v) -> paper);
    int[] inks = {0, 1, 2, 3};
    for (int i = inks.length - 1; i > 0; i--) {
      int j = below(random, i + 1);
      int swap = inks[i];
      inks[i] = inks[j];
      inks[j] = swap;
    }
    double cell = 1.0 / 6;
    int blocks = 1 + below(random, 2);
    for (int i = 0; i < blocks; i++) {
      double w = cell * (1 + below(random, 3));
      double h = cell * (1 + below(random, 3));
      double u = cell * below(random, 6) - w / 2;
      double v = cell * below(random, 6) - h / 2;
      rectangle(canvas, u, v, w, h, palette.color(inks[1 + i]));
    }
    double radius = cell * range(random, 1.1, 1.9);
    double cu = cell * (1 + below(random, 5));
    double cv = cell * (1 + below(random, 5));
    canvas.circle(cu, cv, radius, palette.color(inks[0]), 1);

    double tu = cell * below(random, 5);
    double tv = cell * (1 + below(random, 5));
    double span = cell * (2 + below(random, 2));
    boolean rightAngled = random.nextDouble() < 0.5;
    double[] us = {tu, tu + span, rightAngled ? tu : tu + span / 2};
    double[] vs = {tv, tv, tv - (rightAngled ? span : span * 0.87)};
    canvas.polygon(us, vs, palette.color(inks[3]), 1);

    int dots = below(random, 3);
    for (int i = 0; i < dots; i++) {
      canvas.circle(
          cell * (0.5 + below(random, 6)),
          cell * (0.5 + below(random, 6)),
          cell * 0.3,
          palette.color(inks[2]),
          1);
    }

    Rgb ink = palette.shade(0);
    double thickness = range(random, 0.025, 0.04);
    double at = cell * (1 + below(random, 5));
    double from = range(random, 0, 0.3);
    double to = range(random, 0.7, 1);
    if (random.nextDouble() < 0.5) {
      rectangle(canvas, from, at - thickness / 2, to - from, thickness, ink);
    } else {
      rectangle(canvas, at - thickness / 2, from, thickness, to - from, ink);
    }
  }

  /** Strands following the angle of a smooth noise field, light on dark or dark on light. */
  private static void flowField(Canvas canvas, Palette palette, SplittableRandom random) {
    boolean dark = random.nextDouble() < 0.6;
    Rgb ground = dark ? palette.shade(0).scale(0.8) : palette.shade(1).mix(Rgb.WHITE, 0.2);
    canvas.paint((u, v) -> ground);
    Noise field = new Noise(random.nextLong());
    double frequency = range(random, 0.9, 1.8);
    double turns = range(random, 0.6, 1.2);
    double base = range(random, 0, TAU);
    int grid = 8 + below(random, 3);
    int steps = 45 + below(random, 25);
    double width = range(random, 0.009, 0.014);
    double step = 0.008;
    double[] us = new double[steps];
    double[] vs = new double[steps];
    for (int s = 0; s < grid * grid; s++) {
      double u = (s % grid + random.nextDouble()) / grid;
      double v = (s / grid + random.nextDouble()) / grid;
      double tone = 0.5 + 0.6 * field.at(u * 1.3 + 50, v * 1.3 + 50) + range(random, -0.12, 0.12);
      Rgb colour = palette.shade(dark ? lerp(0.45, 1, tone) : lerp(0, 0.4, tone));
      for (int i = 0; i < steps / 2; i++) {
        double angle = base + turns * TAU * field.at(u * frequency, v * frequency);
        u -= StrictMath.cos(angle) * step;
        v -= StrictMath.sin(angle) * step;
      }
      for (int i = 0; i < steps; i++) {
        us[i] = u;
        vs[i] = v;
        double angle = base + turns * TAU * field.at(u * frequency, v * frequency);
        u += StrictMath.cos(angle) * step;
        v += StrictMath.sin(angle) * step;
      }
      canvas.stroke(us, vs, steps, width, colour, 0.9);
    }
  }

  private static void rectangle(Canvas canvas, double u, double v, double w, double h, Rgb c) {
    canvas.polygon(new double[] {u, u + w, u + w, u}, new double[] {v, v, v + h, v + h}, c, 1);
  }

  private static void line(
      Canvas canvas,
      double u0,
      double v0,
      double u1,
      double v1,
      double width,
      Rgb colour,
      double alpha) {
    canvas.stroke(new double[] {u0, u1}, new double[] {v0, v1}, 2, width, colour, alpha);
  }

  /** A uniform integer from 0 to {@code bound - 1}. */
  private static int below(SplittableRandom random, int bound) {
    return (int) (random.nextDouble() * bound);
  }

  private static double range(SplittableRandom random, double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  /** Smoothstep of {@code t} clamped to [0, 1]. */
  private static double smooth(double t) {
    double x = Math.clamp(t, 0.0, 1.0);
    return x * x * (3 - 2 * x);
  }
}
