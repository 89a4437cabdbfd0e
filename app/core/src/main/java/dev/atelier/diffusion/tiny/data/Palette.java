package dev.atelier.diffusion.tiny.data;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;

/**
 * The colour schemes of the procedural data set. Each palette is five sRGB colours ordered from
 * dark to light; every style takes its darks, mid-tones and lights from this ramp, so any style can
 * be drawn in any palette and still read the same way.
 *
 * <p>Prompt words name colours and moods, never subjects, so they cannot be mistaken for a {@link
 * Style} (for example "ocean" is a palette while "sea" is the waves style; "dusk" is a palette
 * while "sunset" is a style). See {@link PromptLabels} for how prompts are matched.
 */
public enum Palette {
  /** Warm reds, oranges and gold. */
  EMBER(
      List.of("ember", "fire", "fiery", "flame", "lava", "red", "orange", "warm"),
      0x2A0C0A,
      0x7A1C16,
      0xC8401F,
      0xF08A24,
      0xFFD27A),
  /** Navy, teal and aqua. */
  OCEAN(
      List.of("ocean", "blue", "teal", "aqua", "cyan", "marine", "cool"),
      0x061C33,
      0x0B4F6C,
      0x1F8A9E,
      0x5CC2D6,
      0xC9F0F2),
  /** Deep greens up to pale lime. */
  FOREST(
      List.of("forest", "green", "emerald", "jade", "moss", "verdant"),
      0x0F2416,
      0x1F4D2B,
      0x3F7D3A,
      0x8CB369,
      0xDFE8B8),
  /** Indigo, purple, magenta and rose. */
  DUSK(
      List.of("dusk", "twilight", "purple", "violet", "magenta", "plum", "pink"),
      0x1B1035,
      0x4B2067,
      0x8E3B8A,
      0xD4668F,
      0xF6B8C6),
  /** Light pastels (rose, periwinkle, mint, butter) over a soft plum. */
  CANDY(
      List.of("candy", "pastel", "sweet", "bubblegum"),
      0x5E4B7D,
      0xEE9FBF,
      0xA9B8F2,
      0xA6E3CF,
      0xFCEBA4),
  /** Greys from near black to near white. */
  MONO(
      List.of(
          "mono",
          "monochrome",
          "greyscale",
          "grayscale",
          "grey",
          "gray",
          "black and white",
          "noir",
          "silver"),
      0x121212,
      0x3D3D3D,
      0x7A7A7A,
      0xB8B8B8,
      0xF0F0F0);

  private final List<String> words;
  private final List<Rgb> ramp;

  Palette(List<String> words, int... colours) {
    this.words = words;
    this.ramp = Arrays.stream(colours).mapToObj(Rgb::of).toList();
  }

  /** Prompt words and phrases that select this palette, lowercase, singular. */
  public List<String> words() {
    return words;
  }

  /** The palette's colours, dark to light. */
  public List<Color> colors() {
    return ramp.stream().map(c -> new Color((float) c.r(), (float) c.g(), (float) c.b())).toList();
  }

  /** The {@code i}-th colour, dark to light. */
  Rgb color(int i) {
    return ramp.get(i);
  }

  /** A point on the dark-to-light ramp: 0 is the darkest colour, 1 the lightest. */
  Rgb shade(double t) {
    double x = Math.clamp(t, 0.0, 1.0) * (ramp.size() - 1);
    int i = Math.min((int) x, ramp.size() - 2);
    return ramp.get(i).mix(ramp.get(i + 1), x - i);
  }
}
