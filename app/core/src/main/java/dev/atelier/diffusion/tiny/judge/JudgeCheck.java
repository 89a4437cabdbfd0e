package dev.atelier.diffusion.tiny.judge;

import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the judge itself: its verdicts on procedural pictures it was not fitted on (another seed)
 * and on deliberately bad pictures, as a confusion matrix with one column per style and one for
 * rejected.
 */
public final class JudgeCheck {

  /** Grain added to held-out pictures for the grain row, in 8-bit levels (standard deviation). */
  public static final double GRAIN_LEVELS = 8;

  /** Blur applied to held-out pictures for the blur row, in pixels (standard deviation). */
  public static final double BLUR_SIGMA = 2.0;

  private JudgeCheck() {}

  /**
   * One row of the matrix.
   *
   * @param label what the pictures are
   * @param counts verdicts per column: each style in {@link Style} order, then rejected
   * @param right how many verdicts were right
   * @param rightMeans what a right verdict is for this row
   */
  public record Row(String label, int[] counts, int right, String rightMeans) {

    public int total() {
      int sum = 0;
      for (int c : counts) {
        sum += c;
      }
      return sum;
    }

    public int rejected() {
      return counts[counts.length - 1];
    }

    /** The share of right verdicts. */
    public double rightShare() {
      return right / (double) total();
    }
  }

  /**
   * Runs the check.
   *
   * @param seed seed of the held-out procedural set and of the bad pictures; not the judge's
   *     training seed
   * @param perPair held-out pictures per style and palette pair
   * @param perKind bad pictures of each kind
   */
  public static List<Row> run(StyleJudge judge, long seed, int perPair, int perKind) {
    if (seed == judge.training().seed()) {
      throw new IllegalArgumentException(
          "The judge was fitted on pictures of seed " + seed + "; check it on another seed");
    }
    int pairs = Style.values().length * Palette.values().length;
    ProceduralDataset heldOut = new ProceduralDataset(seed, pairs * perPair, Features.SIDE);
    List<Raster> pictures = new ArrayList<>();
    int[][] byStyle = new int[Style.values().length][Style.values().length + 1];
    for (int i = 0; i < heldOut.count(); i++) {
      Raster picture = Raster.of(heldOut.image(i));
      pictures.add(picture);
      count(byStyle[heldOut.style(i).ordinal()], judge.judge(picture));
    }
    List<Row> rows = new ArrayList<>();
    for (Style s : Style.values()) {
      int[] counts = byStyle[s.ordinal()];
      rows.add(
          new Row(
              s.name().toLowerCase(Locale.ROOT),
              counts,
              counts[s.ordinal()],
              "accepted as its style"));
    }
    rows.add(grainRow(judge, heldOut, pictures, seed));
    for (BadImages.Kind kind : BadImages.Kind.values()) {
      rows.add(badRow(judge, kind, heldOut, pictures, seed, perKind));
    }
    return rows;
  }

  /** Held-out pictures with grain of {@value #GRAIN_LEVELS} levels, to be kept as their style. */
  private static Row grainRow(
      StyleJudge judge, ProceduralDataset heldOut, List<Raster> pictures, long seed) {
    int[] counts = new int[Style.values().length + 1];
    int kept = 0;
    for (int i = 0; i < pictures.size(); i++) {
      StyleJudge.Verdict v = judge.judge(StyleJudge.grain(pictures.get(i), GRAIN_LEVELS, seed + i));
      count(counts, v);
      kept += v.acceptedAs(heldOut.style(i)) ? 1 : 0;
    }
    return new Row("with grain", counts, kept, "accepted as its style");
  }

  /**
   * Bad pictures of one kind, to be rejected; palette swaps (picture i with the colours of picture
   * i + 1, which has the next style) only must not be taken for the style whose colours they wear.
   */
  private static Row badRow(
      StyleJudge judge,
      BadImages.Kind kind,
      ProceduralDataset heldOut,
      List<Raster> pictures,
      long seed,
      int perKind) {
    int[] counts = new int[Style.values().length + 1];
    int right = 0;
    for (int i = 0; i < perKind; i++) {
      long s = seed * 1_000_003L + kind.ordinal() * 10_007L + i;
      Raster picture = pictures.get(i % pictures.size());
      int other = (i + 1) % pictures.size();
      StyleJudge.Verdict v =
          judge.judge(
              switch (kind) {
                case WHITE_NOISE -> BadImages.whiteNoise(s);
                case COLOURED_NOISE -> BadImages.colouredNoise(s);
                case BLOBS -> BadImages.blobs(s);
                case BLANK -> BadImages.blank(s);
                case BLUR -> BadImages.blurred(picture, BLUR_SIGMA);
                case PALETTE_SWAP -> BadImages.paletteSwap(picture, pictures.get(other));
              });
      count(counts, v);
      if (kind == BadImages.Kind.PALETTE_SWAP) {
        right += v.acceptedAs(heldOut.style(other)) ? 0 : 1;
      } else {
        right += v.accepted() ? 0 : 1;
      }
    }
    String means =
        kind == BadImages.Kind.PALETTE_SWAP ? "not taken for the colours' style" : "rejected";
    return new Row(kind.label(), counts, right, means);
  }

  private static void count(int[] counts, StyleJudge.Verdict v) {
    counts[v.accepted() ? v.style().ordinal() : counts.length - 1]++;
  }

  /** The matrix as a text table, one row per line. */
  public static String describe(List<Row> rows) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-15s", "pictures"));
    for (Style s : Style.values()) {
      out.append(String.format(Locale.ROOT, "%11s", s.name().toLowerCase(Locale.ROOT)));
    }
    out.append(String.format(Locale.ROOT, "%8s   %s%n", "reject", "right"));
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "%-15s", row.label()));
      for (int i = 0; i < row.counts().length; i++) {
        out.append(
            String.format(
                Locale.ROOT, i < row.counts().length - 1 ? "%11d" : "%8d", row.counts()[i]));
      }
      out.append(
          String.format(Locale.ROOT, "  %5.1f %% %s%n", 100 * row.rightShare(), row.rightMeans()));
    }
    return out.toString();
  }
}
