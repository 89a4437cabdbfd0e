package dev.atelier.imagesettings;

import dev.atelier.generate.ParametersText;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hires pass and the start picture's strength in a parameters text, as web UI and Atelier write
 * them. Web UI writes a txt2img hires pass as {@code Hires upscale} with the pass's strength in
 * {@code Denoising strength} (or {@code Hires resize: WxH} instead of a factor), and an img2img
 * run's strength as {@code Denoising strength}; Atelier writes both at once with the pass's
 * strength as {@code Hires denoising strength}.
 */
final class InfotextPasses {

  static final String DENOISING = "Denoising strength";
  static final String HIRES_DENOISING = "Hires denoising strength";
  static final String HIRES_UPSCALE = "Hires upscale";
  static final String HIRES_RESIZE = "Hires resize";
  static final String HIRES_UPSCALER = "Hires upscaler";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,6})x(\\d{1,6})");

  private InfotextPasses() {}

  /** The hires pass, or null; what cannot be used becomes a note. */
  static ImageSettings.Hires hires(
      ParametersText.Parsed p, Integer width, Integer height, List<String> notes) {
    Optional<String> upscale = p.field(HIRES_UPSCALE).map(String::strip);
    Optional<String> resize = p.field(HIRES_RESIZE).map(String::strip);
    if (upscale.isEmpty() && resize.isEmpty()) {
      return null;
    }
    Double scale = upscale.map(InfotextPasses::number).orElse(null);
    if (resize.isPresent() && (upscale.isEmpty() || scale == null || scale == 1.0)) {
      scale = resizeScale(resize.get(), width, height);
      if (scale == null) {
        notes.add(
            "Hires resize \""
                + resize.get()
                + "\" is not the size scaled by one factor, as Atelier's hires pass makes it");
        return null;
      }
    } else if (scale == null) {
      notes.add("Hires upscale \"" + upscale.get() + "\" is not a number");
      return null;
    }
    String strengthField = p.field(HIRES_DENOISING).isPresent() ? HIRES_DENOISING : DENOISING;
    Double strength = p.field(strengthField).map(InfotextPasses::number).orElse(null);
    if (strength == null) {
      notes.add("The hires pass gives no strength (" + strengthField + ")");
      return null;
    }
    if (!(scale > 1 && scale <= 2) || !(strength > 0 && strength <= 1)) {
      notes.add(
          "The hires pass (×"
              + scale
              + ", strength "
              + strength
              + ") is beyond Atelier's (a scale of more than 1 and at most 2, a strength above 0"
              + " and at most 1)");
      return null;
    }
    p.field(HIRES_UPSCALER)
        .map(String::strip)
        .filter(u -> !u.toLowerCase(Locale.ROOT).startsWith("latent"))
        .ifPresent(
            u ->
                notes.add(
                    "Hires upscaler \""
                        + u
                        + "\" is not Atelier's; the hires pass scales the latent instead"));
    return new ImageSettings.Hires(scale, strength);
  }

  /**
   * The strength of the start picture: {@code Denoising strength}, unless it is the hires pass's (a
   * hires pass without {@code Hires denoising strength}). Null when none.
   */
  static Double startStrength(ParametersText.Parsed p, List<String> notes) {
    boolean hires = p.field(HIRES_UPSCALE).isPresent() || p.field(HIRES_RESIZE).isPresent();
    if (hires && p.field(HIRES_DENOISING).isEmpty()) {
      return null;
    }
    Optional<String> value = p.field(DENOISING).map(String::strip);
    if (value.isEmpty()) {
      return null;
    }
    Double strength = number(value.get());
    if (strength == null || !(strength > 0 && strength <= 1)) {
      notes.add(DENOISING + " \"" + value.get() + "\" is not above 0 and at most 1");
      return null;
    }
    return strength;
  }

  /** The factor from {@code width}×{@code height} to {@code WxH}, when one factor gives both. */
  private static Double resizeScale(String resize, Integer width, Integer height) {
    Matcher m = SIZE.matcher(resize);
    if (!m.matches() || width == null || height == null || width == 0 || height == 0) {
      return null;
    }
    double sx = Integer.parseInt(m.group(1)) / (double) width;
    double sy = Integer.parseInt(m.group(2)) / (double) height;
    return Math.abs(sx - sy) <= 0.01 * sx ? Math.round(sx * 1000) / 1000.0 : null;
  }

  private static Double number(String s) {
    try {
      double d = Double.parseDouble(s.strip());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
