package dev.atelier.diffusion.tiny.judge;

import dev.atelier.diffusion.tiny.data.Style;
import java.util.Optional;

/**
 * The rules a picture must pass, whatever a classifier thinks of it: first that it is a picture at
 * all (not blank, not noise, not a blur), then that it shows what its style is made of. Each
 * threshold sits below what held-in procedural pictures of that style show, with a margin, and
 * names what is missing when it fails.
 */
final class Structure {

  private Structure() {}

  /** Why the picture is no picture at all, or empty if it is one. */
  static Optional<String> picture(Features f) {
    if (f.get(Feature.COLOUR_SPREAD) < 0.02) {
      return Optional.of("blank: almost one colour");
    }
    if (f.get(Feature.FINE_RATIO_2) > 0.8) {
      return Optional.of("noise: neighbouring pixels are as unrelated as distant ones");
    }
    if (f.get(Feature.EDGE_DENSITY) < 0.004) {
      return Optional.of("blank: almost no edges");
    }
    if (f.get(Feature.FINE_RATIO_4) < 0.11) {
      return Optional.of("no sharp detail: a blur, soft blotches or smooth noise");
    }
    return Optional.empty();
  }

  /** What {@code style}'s pictures show that this one lacks, or empty if it shows it all. */
  static Optional<String> of(Style style, Features f) {
    return switch (style) {
      case SUNSET -> sunset(f);
      case WAVES -> waves(f);
      case MOUNTAINS -> mountains(f);
      case STARFIELD -> starfield(f);
      case GEOMETRIC -> geometric(f);
      case FLOW_FIELD -> flowField(f);
    };
  }

  private static Optional<String> sunset(Features f) {
    double row = f.get(Feature.HORIZON_ROW);
    if (f.get(Feature.HORIZON) < 0.85 || row < 0.45 || row > 0.8) {
      return Optional.of("no straight horizon across the lower half");
    }
    if (f.get(Feature.ROW_SHARE) < 0.85) {
      return Optional.of("the tone does not change from sky to water");
    }
    return Optional.empty();
  }

  private static Optional<String> waves(Features f) {
    if (f.get(Feature.CROSSINGS) < 4) {
      return Optional.of("fewer than four wave crests one above the other");
    }
    if (f.get(Feature.ACROSS_SHARE) < 0.6) {
      return Optional.of("the edges do not run across like crests");
    }
    if (f.get(Feature.LONG_CONTOURS) < 0.75) {
      return Optional.of("the crests are not long lines");
    }
    if (f.get(Feature.ROW_SHARE) < 0.9) {
      return Optional.of("the bands do not stack from top to bottom");
    }
    return Optional.empty();
  }

  private static Optional<String> mountains(Features f) {
    if (f.get(Feature.SKYLINE_CONTINUITY) < 0.8 || f.get(Feature.SKYLINE_SPREAD) < 0.015) {
      return Optional.of("no continuous, rising and falling ridge line");
    }
    if (f.get(Feature.CROSSINGS) < 2) {
      return Optional.of("fewer than two ranges one behind the other");
    }
    if (f.get(Feature.TOP_MINUS_BOTTOM) < 0.2) {
      return Optional.of("not paler towards the sky");
    }
    return Optional.empty();
  }

  private static Optional<String> starfield(Features f) {
    if (f.get(Feature.STARS) < 40) {
      return Optional.of("too few stars");
    }
    if (f.get(Feature.SPECKLE) > 0.18) {
      return Optional.of("grainy rather than starry: too many pixels stand out");
    }
    if (f.get(Feature.BACKGROUND) > 0.55) {
      return Optional.of("the sky is not dark");
    }
    return Optional.empty();
  }

  private static Optional<String> geometric(Features f) {
    if (f.get(Feature.FLAT_SHARE) < 0.55) {
      return Optional.of("no flat areas of paper and colour");
    }
    if (f.get(Feature.AXIS_RUN) < 0.28 || f.get(Feature.STRAIGHT_LENGTH) < 1.2) {
      return Optional.of("too few long straight edges");
    }
    if (f.get(Feature.CIRCLE) < 0.2) {
      return Optional.of("no circle");
    }
    return Optional.empty();
  }

  private static Optional<String> flowField(Features f) {
    if (f.get(Feature.COHERENCE) < 0.7) {
      return Optional.of("the strands do not flow together");
    }
    if (f.get(Feature.LONG_CONTOURS) < 0.75) {
      return Optional.of("no long strands");
    }
    if (f.get(Feature.EDGE_DENSITY) < 0.22) {
      return Optional.of("too few strands");
    }
    return Optional.empty();
  }
}
