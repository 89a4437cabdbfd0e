package dev.atelier.diffusion.tiny.judge;

import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.Arrays;
import java.util.List;

/**
 * The prompt the built-in model is measured with for each style: the style's first word in one
 * palette, the palettes taken in turn so every one is used ("sunset in ember colours", "wave in
 * ocean colours", …).
 */
public record StylePrompt(Style style, Palette palette) {

  /** One prompt per style, in {@link Style} order. */
  public static List<StylePrompt> standard() {
    Palette[] palettes = Palette.values();
    return Arrays.stream(Style.values())
        .map(s -> new StylePrompt(s, palettes[s.ordinal() % palettes.length]))
        .toList();
  }

  public String text() {
    return style.words().get(0) + " in " + palette.words().get(0) + " colours";
  }
}
