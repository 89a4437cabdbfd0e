package dev.atelier.diffusion.tiny.judge;

/**
 * The hand-built measures the judge reads from a picture. Each is a plain number with a meaning a
 * person can check; none comes from a generator's weights. See {@link Features} for how they are
 * measured.
 */
public enum Feature {
  /** Variogram ratio V(1)/V(2): near 1 for noise, about 0.5 for sharp edges, 0.25 for blur. */
  FINE_RATIO_2("fine/2px"),
  /** Variogram ratio V(1)/V(4): near 1 for noise, about 0.25 for sharp edges, 0.06 for blur. */
  FINE_RATIO_4("fine/4px"),
  /** Root of the summed channel variances: 0 for one flat colour. */
  COLOUR_SPREAD("colour spread"),
  /** Mean luma, 0 to 1. */
  LUMA_MEAN("luma"),
  /** Mean of each pixel's largest minus smallest channel. */
  SATURATION("saturation"),
  /** Mean luma of the top third minus the bottom third. */
  TOP_MINUS_BOTTOM("top-bottom"),
  /** Share of large-scale tone variation that runs down the picture. */
  ROW_SHARE("row share"),
  /** Energy-weighted coherence of local gradient directions (1: all one way). */
  COHERENCE("coherence"),
  /** Share of pixels on a thin edge. */
  EDGE_DENSITY("edges"),
  /** Share of pixels with almost no gradient. */
  FLAT_SHARE("flat"),
  /** Share of edge pixels in contours of at least 12 connected pixels. */
  LONG_CONTOURS("long contours"),
  /** Share of edge pixels on edges that run across (within 30° of horizontal). */
  ACROSS_SHARE("across"),
  /** Share of edge pixels on edges that run down (within 30° of vertical). */
  DOWN_SHARE("down"),
  /** Share of columns that jump in colour across the best horizon row. */
  HORIZON("horizon"),
  /** Where the best horizon row is, as a fraction of the height. */
  HORIZON_ROW("horizon row"),
  /** Median number of separate, mostly horizontal edges a column crosses. */
  CROSSINGS("crossings"),
  /** Share of neighbouring columns whose topmost edges join. */
  SKYLINE_CONTINUITY("skyline"),
  /** Spread of the topmost edges' rows, as a fraction of the height. */
  SKYLINE_SPREAD("skyline spread"),
  /** Longest straight edge along a row or column, as a fraction of the side. */
  AXIS_RUN("straight run"),
  /** Edge pixels in straight runs of at least 8 along rows or columns, per side length. */
  STRAIGHT_LENGTH("straight total"),
  /** Share of the best circle's circumference found as edge. */
  CIRCLE("circle"),
  /** Isolated bright points (stars), per 64×64 pixels. */
  STARS("stars"),
  /** Share of pixels far from their neighbourhood's median, bright or dark. */
  SPECKLE("speckle"),
  /** Median of the 5×5 median-filtered luma: the background's tone. */
  BACKGROUND("background"),
  /** The picture's own grain, a standard deviation in [0, 1] units (see {@code Raster#grain}). */
  GRAIN("grain");

  private final String label;

  Feature(String label) {
    this.label = label;
  }

  /** A short name for tables. */
  public String label() {
    return label;
  }
}
