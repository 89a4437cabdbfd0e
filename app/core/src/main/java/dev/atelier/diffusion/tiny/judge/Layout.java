package dev.atelier.diffusion.tiny.judge;

/**
 * Measures of how a picture is laid out from top to bottom: a horizon (one straight row where the
 * colour changes across the whole width), the edges a vertical line through the picture crosses,
 * and the skyline (the topmost edge of each column, which a mountain range draws as one continuous,
 * jagged line).
 */
final class Layout {

  /** A colour change of at least this (Euclidean, channels in [0, 1]) across two rows is a jump. */
  static final double JUMP = 0.08;

  /** Where a horizon may lie, as fractions of the height from the top. */
  static final double HORIZON_FROM = 0.35;

  static final double HORIZON_TO = 0.9;

  private Layout() {}

  /** The best horizon: its row and the share of columns that jump in colour across it. */
  record Horizon(int row, double share) {}

  /**
   * Compares, in each column, the mean colour of three pixels across (to look through grain) one
   * row above and one row below each candidate row. A jump is a difference of at least {@link
   * #JUMP}, or of twice the edge threshold in a grainy picture.
   */
  static Horizon horizon(Raster raster, EdgeMap edges) {
    int side = raster.side();
    double jump = Math.max(JUMP, 2 * edges.edgeThreshold);
    int from = Math.max(1, (int) Math.round(HORIZON_FROM * side));
    int to = Math.min(side - 2, (int) Math.round(HORIZON_TO * side));
    int bestRow = from;
    double best = 0;
    for (int r = from; r <= to; r++) {
      int jumps = 0;
      for (int x = 0; x < side; x++) {
        if (rowDifference(raster, x, r - 1, r + 1) >= jump) {
          jumps++;
        }
      }
      double share = jumps / (double) side;
      if (share > best) {
        best = share;
        bestRow = r;
      }
    }
    return new Horizon(bestRow, best);
  }

  /** Colour distance between rows {@code a} and {@code b}, each averaged over columns x-1..x+1. */
  private static double rowDifference(Raster raster, int x, int a, int b) {
    int side = raster.side();
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      double[] p = raster.plane(c);
      double d = 0;
      int n = 0;
      for (int xx = Math.max(0, x - 1); xx <= Math.min(side - 1, x + 1); xx++) {
        d += p[b * side + xx] - p[a * side + xx];
        n++;
      }
      d /= n;
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /**
   * The median, over columns, of how many separate edges a vertical line crosses, counting only
   * edges that run more across than down (within 60° of horizontal).
   */
  static double medianCrossings(EdgeMap edges) {
    int side = edges.side;
    double[] counts = new double[side];
    for (int x = 0; x < side; x++) {
      boolean inside = false;
      int count = 0;
      for (int y = 0; y < side; y++) {
        int k = y * side + x;
        boolean crossing =
            edges.edge[k] && Math.abs(edges.direction[k] - Math.PI / 2) <= Math.PI / 3;
        if (crossing && !inside) {
          count++;
        }
        inside = crossing;
      }
      counts[x] = count;
    }
    return Texture.quantile(counts, 0.5);
  }

  /** The skyline: how continuous it is (0 to 1) and how much it rises and falls. */
  record Skyline(double continuity, double spread) {}

  /**
   * Takes the topmost pixel of each column that lies on a long contour (specks are no ridge);
   * continuity is the share of neighbouring columns whose tops are at most 3 pixels apart, spread
   * the standard deviation of the tops as a fraction of the height.
   */
  static Skyline skyline(EdgeMap edges) {
    int side = edges.side;
    boolean[] onLong = new boolean[side * side];
    for (int[] contour : edges.contours()) {
      if (contour.length >= Features.LONG_CONTOUR) {
        for (int k : contour) {
          onLong[k] = true;
        }
      }
    }
    int[] top = new int[side];
    for (int x = 0; x < side; x++) {
      top[x] = -1;
      for (int y = 1; y < side - 1; y++) {
        if (onLong[y * side + x]) {
          top[x] = y;
          break;
        }
      }
    }
    int joined = 0;
    for (int x = 0; x + 1 < side; x++) {
      if (top[x] >= 0 && top[x + 1] >= 0 && Math.abs(top[x] - top[x + 1]) <= 3) {
        joined++;
      }
    }
    double[] found = java.util.Arrays.stream(top).filter(t -> t >= 0).asDoubleStream().toArray();
    double spread = found.length < 2 ? 0 : Texture.std(found) / side;
    return new Skyline(joined / (double) (side - 1), spread);
  }
}
