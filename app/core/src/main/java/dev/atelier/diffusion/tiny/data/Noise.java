package dev.atelier.diffusion.tiny.data;

import java.util.SplittableRandom;

/**
 * Seeded 2-D gradient noise (Perlin's improved noise), smooth and roughly in [-1, 1]. Pure double
 * arithmetic, so it gives the same values on every platform.
 */
final class Noise {

  private final int[] perm = new int[512];

  Noise(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] p = new int[256];
    for (int i = 0; i < 256; i++) {
      p[i] = i;
    }
    for (int i = 255; i > 0; i--) {
      int j = (int) (random.nextDouble() * (i + 1));
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    for (int i = 0; i < 512; i++) {
      perm[i] = p[i & 255];
    }
  }

  /** Noise at (x, y); one feature per unit. */
  double at(double x, double y) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    int xi = (int) fx & 255;
    int yi = (int) fy & 255;
    double dx = x - fx;
    double dy = y - fy;
    double u = fade(dx);
    double v = fade(dy);
    int a = perm[xi] + yi;
    int b = perm[xi + 1] + yi;
    double top = lerp(grad(perm[a], dx, dy), grad(perm[b], dx - 1, dy), u);
    double bottom = lerp(grad(perm[a + 1], dx, dy - 1), grad(perm[b + 1], dx - 1, dy - 1), u);
    return lerp(top, bottom, v);
  }

  /** Fractal sum of {@code octaves} layers, each twice the frequency and half the amplitude. */
  double fbm(double x, double y, int octaves) {
    double sum = 0;
    double amplitude = 1;
    double norm = 0;
    for (int o = 0; o < octaves; o++) {
      sum += amplitude * at(x, y);
      norm += amplitude;
      amplitude *= 0.5;
      x = x * 2 + 17.3;
      y = y * 2 + 5.1;
    }
    return sum / norm;
  }

  private static double fade(double t) {
    return t * t * t * (t * (t * 6 - 15) + 10);
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  /** Dot product with one of eight gradient directions picked by the hash. */
  private static double grad(int hash, double x, double y) {
    return switch (hash & 7) {
      case 0 -> x + y;
      case 1 -> -x + y;
      case 2 -> x - y;
      case 3 -> -x - y;
      case 4 -> x;
      case 5 -> -x;
      case 6 -> y;
      default -> -y;
    };
  }
}
