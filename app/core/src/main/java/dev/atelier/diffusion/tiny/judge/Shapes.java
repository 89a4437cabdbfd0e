package dev.atelier.diffusion.tiny.judge;

/**
 * Measures of drawn shapes: the longest straight edge that runs along a row or a column (the bars
 * and blocks of a Bauhaus composition, a horizon), and the best circle (how much of its
 * circumference has an edge whose gradient points at its centre).
 */
final class Shapes {

  /** Circle radii searched, in pixels at the judged size. */
  static final int MIN_RADIUS = 5;

  static final int MAX_RADIUS = 23;

  /** Most-voted centres checked per radius. */
  static final int CANDIDATES = 3;

  private Shapes() {}

  /** Runs shorter than this many pixels are not counted as straight edges. */
  static final int STRAIGHT = 8;

  /** A straight run's sub-pixel positions across it stay within this many pixels. */
  static final double SPREAD = 0.8;

  /** Gaps of up to this many pixels (where another edge crosses) do not break a straight run. */
  static final int GAP = 2;

  /** Straight edges along rows and columns: the longest, and the total in long runs. */
  record Straight(double longest, double total) {}

  /**
   * Runs of edge pixels along one row (edges running across) or one column (edges running down). A
   * run may step between two neighbouring rows or columns, as an antialiased edge that lies between
   * pixels does, and may bridge short gaps (see {@link #runs}). Gives the longest run, and the
   * number of edge pixels in runs of at least {@value #STRAIGHT}, both as fractions of the side.
   */
  static Straight straightEdges(EdgeMap edges) {
    int side = edges.side;
    boolean[] straight = new boolean[side * side];
    int best = 0;
    for (int line = 0; line + 1 < side; line++) {
      best = Math.max(best, runs(edges, straight, line, true));
      best = Math.max(best, runs(edges, straight, line, false));
    }
    int total = 0;
    for (boolean s : straight) {
      total += s ? 1 : 0;
    }
    return new Straight(best / (double) side, total / (double) side);
  }

  /**
   * The runs along one band of two rows (or columns): consecutive positions with an edge in the
   * band whose sub-pixel positions across the band stay within {@value #SPREAD} pixels of each
   * other (a curve drifts across the band; a straight edge does not), bridging gaps of up to
   * {@value #GAP} pixels where another edge crosses. Marks the pixels of long runs and returns the
   * longest run's length.
   */
  private static int runs(EdgeMap edges, boolean[] straight, int line, boolean across) {
    int side = edges.side;
    int best = 0;
    int start = -1;
    int last = -1;
    double low = 0;
    double high = 0;
    for (int i = 0; i <= side; i++) {
      double at = i < side ? position(edges, line, i, across) : Double.NaN;
      boolean on = !Double.isNaN(at);
      boolean joins =
          on
              && start >= 0
              && i - last - 1 <= GAP
              && Math.max(high, at) - Math.min(low, at) <= SPREAD;
      boolean ends = start >= 0 && !joins && (on || i - last > GAP || i == side);
      if (ends) {
        int length = last - start + 1;
        best = Math.max(best, length);
        mark(edges, straight, line, start, last + 1, length, across);
        start = -1;
      }
      if (joins) {
        last = i;
        low = Math.min(low, at);
        high = Math.max(high, at);
      } else if (on && start < 0) {
        start = i;
        last = i;
        low = at;
        high = at;
      }
    }
    return best;
  }

  /**
   * The sub-pixel position across the band of the stronger edge pixel at position {@code i} of the
   * band starting at {@code line}, from a parabola through the strengths either side of it; NaN
   * when neither pixel of the band is an edge running along it.
   */
  private static double position(EdgeMap edges, int line, int i, boolean across) {
    int side = edges.side;
    double best = Double.NaN;
    double strongest = -1;
    for (int offset = 0; offset <= 1; offset++) {
      int at = line + offset;
      int k = across ? at * side + i : i * side + at;
      boolean along = across ? edges.horizontal(k) : edges.vertical(k);
      if (!edges.edge[k] || !along || edges.strength[k] <= strongest) {
        continue;
      }
      strongest = edges.strength[k];
      int step = across ? side : 1;
      double before = at > 0 ? edges.strength[k - step] : strongest;
      double after = at < side - 1 ? edges.strength[k + step] : strongest;
      double curve = before - 2 * strongest + after;
      double shift = curve >= 0 ? 0 : Math.clamp((before - after) / (2 * curve), -0.5, 0.5);
      best = at + shift;
    }
    return best;
  }

  /** Marks the edge pixels of a run that ended before position {@code end}, if it is long. */
  private static void mark(
      EdgeMap edges, boolean[] straight, int line, int from, int end, int length, boolean across) {
    if (length < STRAIGHT) {
      return;
    }
    int side = edges.side;
    for (int i = from; i < end; i++) {
      for (int offset = 0; offset <= 1; offset++) {
        int k = across ? (line + offset) * side + i : i * side + line + offset;
        if (edges.edge[k] && (across ? edges.horizontal(k) : edges.vertical(k))) {
          straight[k] = true;
        }
      }
    }
  }

  /**
   * The best circle's support. For each radius, every edge pixel votes for the two points one
   * radius away along its gradient; the most-voted centres are then checked on the picture (see
   * {@link #support}). Circles less than half inside are not counted.
   */
  static double bestCircle(EdgeMap edges) {
    int side = edges.side;
    double best = 0;
    int[] votes = new int[side * side];
    for (int r = MIN_RADIUS; r <= MAX_RADIUS; r++) {
      java.util.Arrays.fill(votes, 0);
      for (int k = 0; k < side * side; k++) {
        if (!edges.edge[k]) {
          continue;
        }
        double dx = Math.cos(edges.direction[k]) * r;
        double dy = Math.sin(edges.direction[k]) * r;
        int x = k % side;
        int y = k / side;
        vote(votes, side, x + dx, y + dy);
        vote(votes, side, x - dx, y - dy);
      }
      for (int centre : topCentres(votes, side, CANDIDATES)) {
        best = Math.max(best, support(edges, centre % side, centre / side, r));
      }
    }
    return best;
  }

  /**
   * The checked support of one circle: the longest unbroken arc of its circumference found as edge
   * (see {@link #edgeNear}), as a share of the part of the circumference inside the picture. A
   * chance scatter of edges gives short arcs; a circle, even one partly covered, gives a long one.
   */
  private static double support(EdgeMap edges, int cx, int cy, int r) {
    int side = edges.side;
    int samples = 72;
    boolean[] inside = new boolean[samples];
    boolean[] hit = new boolean[samples];
    int insideCount = 0;
    for (int i = 0; i < samples; i++) {
      double a = 2 * Math.PI * i / samples;
      double x = cx + r * Math.cos(a);
      double y = cy + r * Math.sin(a);
      inside[i] = x >= 0 && y >= 0 && x <= side - 1 && y <= side - 1;
      if (inside[i]) {
        insideCount++;
        hit[i] = edgeNear(edges, x, y, a);
      }
    }
    if (insideCount * 2 < samples) {
      return 0;
    }
    int longest = 0;
    int run = 0;
    // Twice round, so an arc across the starting angle is counted whole; outside points skipped.
    for (int i = 0; i < 2 * samples; i++) {
      int j = i % samples;
      if (!inside[j]) {
        continue;
      }
      run = hit[j] ? run + 1 : 0;
      longest = Math.max(longest, Math.min(run, insideCount));
    }
    return longest / (double) insideCount;
  }

  /**
   * Whether an edge pixel lies on the circle at angle {@code a} from the centre: at the nearest
   * pixel or one pixel in or out along the radius, with its gradient within 20° of the radius.
   */
  private static boolean edgeNear(EdgeMap edges, double x, double y, double a) {
    int side = edges.side;
    double radial = a % Math.PI;
    for (int step = -1; step <= 1; step++) {
      int xx = (int) Math.round(x + step * Math.cos(a));
      int yy = (int) Math.round(y + step * Math.sin(a));
      if (xx < 0 || yy < 0 || xx >= side || yy >= side || !edges.edge[yy * side + xx]) {
        continue;
      }
      double off = Math.abs(edges.direction[yy * side + xx] - radial);
      if (Math.min(off, Math.PI - off) <= Math.PI / 9) {
        return true;
      }
    }
    return false;
  }

  /**
   * The {@code count} most-voted centres with at least one vote, each at least three pixels from
   * those before it, most votes first.
   */
  private static int[] topCentres(int[] votes, int side, int count) {
    int[] chosen = new int[count];
    int found = 0;
    boolean[] taken = new boolean[votes.length];
    while (found < count) {
      int best = -1;
      for (int c = 0; c < votes.length; c++) {
        if (!taken[c] && votes[c] > 0 && (best < 0 || votes[c] > votes[best])) {
          best = c;
        }
      }
      if (best < 0) {
        break;
      }
      chosen[found++] = best;
      int bx = best % side;
      int by = best / side;
      for (int dy = -3; dy <= 3; dy++) {
        for (int dx = -3; dx <= 3; dx++) {
          int x = bx + dx;
          int y = by + dy;
          if (x >= 0 && y >= 0 && x < side && y < side) {
            taken[y * side + x] = true;
          }
        }
      }
    }
    return java.util.Arrays.copyOf(chosen, found);
  }

  /** Votes for the pixel nearest to (x, y) and smooths over its 3×3 neighbourhood. */
  private static void vote(int[] votes, int side, double x, double y) {
    int cx = (int) Math.round(x);
    int cy = (int) Math.round(y);
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int xx = cx + dx;
        int yy = cy + dy;
        if (xx >= 0 && yy >= 0 && xx < side && yy < side) {
          votes[yy * side + xx]++;
        }
      }
    }
  }
}
