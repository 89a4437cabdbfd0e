package dev.atelier.diffusion.tiny.data;

import java.util.List;

/**
 * The subjects of the procedural data set, one picture generator each (see {@link ProceduralArt}).
 *
 * <p>Prompt words name subjects, never colours, so they cannot be mistaken for a {@link Palette}
 * (for example "sea" is this enum's waves while "ocean" is a palette). See {@link PromptLabels} for
 * how prompts are matched.
 */
public enum Style {
  /** A graded sky over water, a sun disc near the horizon, clouds and its broken reflection. */
  SUNSET(List.of("sunset", "sunrise", "sun", "horizon")),
  /** Bands of layered waves, each crest lit with a thin line of foam. */
  WAVES(List.of("wave", "sea", "surf", "tide", "ripple", "swell")),
  /** Ridge lines one behind the other, paler with distance, in mist. */
  MOUNTAINS(List.of("mountain", "peak", "ridge", "hill", "summit", "alp")),
  /** A dark sky with stars of varied size and brightness and a band of nebula glow. */
  STARFIELD(
      List.of("starfield", "star", "night sky", "night", "galaxy", "nebula", "cosmos", "space")),
  /** A Bauhaus-like composition of circles, rectangles, triangles and bars on paper. */
  GEOMETRIC(
      List.of(
          "geometric",
          "geometry",
          "bauhaus",
          "shape",
          "circle",
          "triangle",
          "square",
          "rectangle")),
  /** Many strands traced through a smooth noise vector field. */
  FLOW_FIELD(List.of("flow field", "flow", "flowing", "swirl", "streamline", "curl"));

  private final List<String> words;

  Style(List<String> words) {
    this.words = words;
  }

  /** Prompt words and phrases that select this style, lowercase, singular. */
  public List<String> words() {
    return words;
  }
}
