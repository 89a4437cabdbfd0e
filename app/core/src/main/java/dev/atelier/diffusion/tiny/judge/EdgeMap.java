package dev.atelier.diffusion.tiny.judge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The edges of a picture, found on colour rather than luma (so two colours of equal brightness
 * still meet at an edge): per pixel the Sobel gradient of all three channels combined in one
 * structure tensor (Di Zenzo), its strength and direction, and the thin edges left after keeping
 * only the local maxima across each edge (non-maximum suppression, as in Canny's detector).
 *
 * <p>Strength is in colour units per pixel: a sharp step between two colours a distance {@code d}
 * apart (Euclidean, channels in [0, 1]) gives about {@code d / 2} on the two pixels beside it. The
 * edge and flat thresholds rise with the picture's own grain, so that grain a person looks through
 * is not taken for edges (as in Canny's detector, whose thresholds follow the noise).
 */
final class EdgeMap {

  /** Weakest gradient that counts as an edge in a clean picture: a step of about 15 levels. */
  static final double EDGE = 0.03;

  /** Strongest gradient that still counts as flat in a clean picture: about 3 levels a pixel. */
  static final double FLAT = 0.006;

  /**
   * How far above the picture's own grain (its {@link Raster#grain()}, a standard deviation) an
   * edge must stand: grain alone gives a gradient strength of about its standard deviation.
   */
  static final double EDGE_OVER_GRAIN = 2.0;

  /** Gradients up to this multiple of the grain still count as flat. */
  static final double FLAT_OVER_GRAIN = 1.5;

  final int side;

  /** Gradient strength, the square root of the tensor's larger eigenvalue. */
  final double[] strength;

  /** Direction of steepest change, radians in [0, π): 0 across a vertical edge. */
  final double[] direction;

  /** The pixels on a thin edge: local maxima of strength across the edge, above {@link #edge}. */
  final boolean[] edge;

  /** The weakest strength counted as an edge here: {@link #EDGE}, or more in a grainy picture. */
  final double edgeThreshold;

  /** The strongest strength counted as flat here: {@link #FLAT}, or more in a grainy picture. */
  final double flatThreshold;

  private List<int[]> contours;

  /** Energy-weighted coherence of the tensor over 5×5 windows, 0 (isotropic) to 1 (one way). */
  final double coherence;

  EdgeMap(Raster raster) {
    side = raster.side();
    double grain = raster.grain();
    edgeThreshold = Math.max(EDGE, EDGE_OVER_GRAIN * grain);
    flatThreshold = Math.max(FLAT, FLAT_OVER_GRAIN * grain);
    int n = side * side;
    double[] jxx = new double[n];
    double[] jxy = new double[n];
    double[] jyy = new double[n];
    for (int c = 0; c < 3; c++) {
      double[] p = raster.plane(c);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          double gx =
              (at(p, x + 1, y - 1) + 2 * at(p, x + 1, y) + at(p, x + 1, y + 1))
                  - (at(p, x - 1, y - 1) + 2 * at(p, x - 1, y) + at(p, x - 1, y + 1));
          double gy =
              (at(p, x - 1, y + 1) + 2 * at(p, x, y + 1) + at(p, x + 1, y + 1))
                  - (at(p, x - 1, y - 1) + 2 * at(p, x, y - 1) + at(p, x + 1, y - 1));
          gx /= 8;
          gy /= 8;
          int k = y * side + x;
          jxx[k] += gx * gx;
          jxy[k] += gx * gy;
          jyy[k] += gy * gy;
        }
      }
    }
    strength = new double[n];
    direction = new double[n];
    for (int k = 0; k < n; k++) {
      double half = (jxx[k] + jyy[k]) / 2;
      double root = Math.hypot((jxx[k] - jyy[k]) / 2, jxy[k]);
      strength[k] = Math.sqrt(half + root);
      double angle = 0.5 * Math.atan2(2 * jxy[k], jxx[k] - jyy[k]);
      direction[k] = angle < 0 ? angle + Math.PI : angle;
    }
    edge = thin();
    coherence = coherence(jxx, jxy, jyy);
  }

  private double at(double[] p, int x, int y) {
    return p[Math.clamp(y, 0, side - 1) * side + Math.clamp(x, 0, side - 1)];
  }

  /** Keeps the pixels whose strength is a maximum along their gradient direction. */
  private boolean[] thin() {
    boolean[] out = new boolean[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int k = y * side + x;
        double s = strength[k];
        if (s < edgeThreshold) {
          continue;
        }
        int[] step = step(direction[k]);
        double ahead = strengthAt(x + step[0], y + step[1]);
        double behind = strengthAt(x - step[0], y - step[1]);
        out[k] = s >= ahead && s > behind;
      }
    }
    return out;
  }

  /** The neighbour offset nearest to direction {@code angle} (one of four). */
  static int[] step(double angle) {
    int sector = (int) Math.floor((angle + Math.PI / 8) / (Math.PI / 4)) % 4;
    return switch (sector) {
      case 0 -> new int[] {1, 0};
      case 1 -> new int[] {1, 1};
      case 2 -> new int[] {0, 1};
      default -> new int[] {-1, 1};
    };
  }

  private double strengthAt(int x, int y) {
    if (x < 0 || y < 0 || x >= side || y >= side) {
      return 0;
    }
    return strength[y * side + x];
  }

  private double coherence(double[] jxx, double[] jxy, double[] jyy) {
    double[] sxx = box(jxx, 2);
    double[] sxy = box(jxy, 2);
    double[] syy = box(jyy, 2);
    double weighted = 0;
    double total = 0;
    for (int k = 0; k < sxx.length; k++) {
      double trace = sxx[k] + syy[k];
      if (trace <= 1e-12) {
        continue;
      }
      double spread = Math.hypot(sxx[k] - syy[k], 2 * sxy[k]);
      weighted += spread;
      total += trace;
    }
    return total <= 1e-9 ? 0 : weighted / total;
  }

  /** Mean over the (2r+1)² window around each pixel, clipped at the borders. */
  double[] box(double[] values, int r) {
    double[] out = new double[values.length];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        double sum = 0;
        int count = 0;
        for (int dy = -r; dy <= r; dy++) {
          int yy = y + dy;
          if (yy < 0 || yy >= side) {
            continue;
          }
          for (int dx = -r; dx <= r; dx++) {
            int xx = x + dx;
            if (xx >= 0 && xx < side) {
              sum += values[yy * side + xx];
              count++;
            }
          }
        }
        out[y * side + x] = sum / count;
      }
    }
    return out;
  }

  /** True where the edge runs across the picture (its gradient points within 30° of vertical). */
  boolean horizontal(int k) {
    double d = direction[k];
    return Math.abs(d - Math.PI / 2) <= Math.PI / 6;
  }

  /** True where the edge runs down the picture (its gradient within 30° of horizontal). */
  boolean vertical(int k) {
    double d = direction[k];
    return d <= Math.PI / 6 || d >= Math.PI * 5 / 6;
  }

  /** The 8-connected groups of thin-edge pixels, each as its pixel indices (found once). */
  List<int[]> contours() {
    List<int[]> c = contours;
    if (c == null) {
      c = findContours();
      contours = c;
    }
    return c;
  }

  private List<int[]> findContours() {
    int n = side * side;
    boolean[] seen = new boolean[n];
    List<int[]> out = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < n; start++) {
      if (!edge[start] || seen[start]) {
        continue;
      }
      List<Integer> members = new ArrayList<>();
      seen[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int k = queue.poll();
        members.add(k);
        int x = k % side;
        int y = k / side;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int xx = x + dx;
            int yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= side || yy >= side) {
              continue;
            }
            int j = yy * side + xx;
            if (edge[j] && !seen[j]) {
              seen[j] = true;
              queue.add(j);
            }
          }
        }
      }
      out.add(members.stream().mapToInt(Integer::intValue).toArray());
    }
    return List.copyOf(out);
  }
}
