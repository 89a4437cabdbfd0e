package dev.atelier.diffusion.tiny.judge;

import java.util.Arrays;
import java.util.List;

/**
 * The {@link Feature} values of one picture, measured at {@value #SIDE}×{@value #SIDE} pixels
 * (larger pictures whose side is a whole multiple are averaged down first).
 */
public final class Features {

  /** The side, in pixels, at which pictures are measured. */
  public static final int SIDE = 64;

  /** Contours with at least this many connected edge pixels count as long. */
  static final int LONG_CONTOUR = 12;

  private final double[] values;

  private Features(double[] values) {
    this.values = values;
  }

  /** Measures a square picture whose side is a whole multiple of {@value #SIDE}. */
  public static Features of(Raster picture) {
    if (picture.side() % SIDE != 0) {
      throw new IllegalArgumentException(
          "The judge measures pictures "
              + SIDE
              + " pixels a side or a whole multiple of that, not "
              + picture.side());
    }
    Raster raster = picture.downscaled(SIDE);
    EdgeMap edges = new EdgeMap(raster);
    double[] v = new double[Feature.values().length];
    v[Feature.FINE_RATIO_2.ordinal()] = Texture.variogramRatio(raster, 2);
    v[Feature.FINE_RATIO_4.ordinal()] = Texture.variogramRatio(raster, 4);
    v[Feature.COLOUR_SPREAD.ordinal()] = Texture.colourSpread(raster);
    v[Feature.LUMA_MEAN.ordinal()] = Texture.mean(raster.luma());
    v[Feature.SATURATION.ordinal()] = Texture.saturation(raster);
    v[Feature.TOP_MINUS_BOTTOM.ordinal()] = Texture.topMinusBottom(raster);
    v[Feature.ROW_SHARE.ordinal()] = Texture.rowShare(raster);
    v[Feature.COHERENCE.ordinal()] = edges.coherence;
    edgeShares(edges, v);
    Layout.Horizon horizon = Layout.horizon(raster, edges);
    v[Feature.HORIZON.ordinal()] = horizon.share();
    v[Feature.HORIZON_ROW.ordinal()] = horizon.row() / (double) SIDE;
    v[Feature.CROSSINGS.ordinal()] = Layout.medianCrossings(edges);
    Layout.Skyline skyline = Layout.skyline(edges);
    v[Feature.SKYLINE_CONTINUITY.ordinal()] = skyline.continuity();
    v[Feature.SKYLINE_SPREAD.ordinal()] = skyline.spread();
    Shapes.Straight straight = Shapes.straightEdges(edges);
    v[Feature.AXIS_RUN.ordinal()] = straight.longest();
    v[Feature.STRAIGHT_LENGTH.ordinal()] = straight.total();
    v[Feature.CIRCLE.ordinal()] = Shapes.bestCircle(edges);
    Points.Measures points = Points.of(raster);
    v[Feature.STARS.ordinal()] = points.stars();
    v[Feature.SPECKLE.ordinal()] = points.speckle();
    v[Feature.BACKGROUND.ordinal()] = points.background();
    v[Feature.GRAIN.ordinal()] = raster.grain();
    return new Features(v);
  }

  private static void edgeShares(EdgeMap edges, double[] v) {
    int n = edges.side * edges.side;
    int edgePixels = 0;
    int flat = 0;
    int across = 0;
    int down = 0;
    for (int k = 0; k < n; k++) {
      if (edges.strength[k] < edges.flatThreshold) {
        flat++;
      }
      if (edges.edge[k]) {
        edgePixels++;
        across += edges.horizontal(k) ? 1 : 0;
        down += edges.vertical(k) ? 1 : 0;
      }
    }
    int inLong = 0;
    List<int[]> contours = edges.contours();
    for (int[] contour : contours) {
      if (contour.length >= LONG_CONTOUR) {
        inLong += contour.length;
      }
    }
    double perEdge = Math.max(1, edgePixels);
    v[Feature.EDGE_DENSITY.ordinal()] = edgePixels / (double) n;
    v[Feature.FLAT_SHARE.ordinal()] = flat / (double) n;
    v[Feature.LONG_CONTOURS.ordinal()] = inLong / perEdge;
    v[Feature.ACROSS_SHARE.ordinal()] = across / perEdge;
    v[Feature.DOWN_SHARE.ordinal()] = down / perEdge;
  }

  public double get(Feature feature) {
    return values[feature.ordinal()];
  }

  /** All values, in {@link Feature} order (a copy). */
  public double[] vector() {
    return values.clone();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Feature f : Feature.values()) {
      s.append(String.format(java.util.Locale.ROOT, "%s=%.3f ", f.label(), get(f)));
    }
    return s.toString().strip();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Features f && Arrays.equals(values, f.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }
}
