package dev.atelier.gui.theme;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment a theme stylesheet starts with, naming the theme and its AtlantaFX base:
 *
 * <pre>{@code /* atelier-theme: name=Ocean; base=dark *}{@code /}</pre>
 *
 * <p>{@code name} and {@code base} ({@code light} or {@code dark}) are required; other keys are
 * ignored so later versions can add some.
 *
 * @param name what the theme chooser shows
 * @param base the AtlantaFX theme underneath
 */
public record ThemeHeader(String name, ThemeBase base) {

  private static final Pattern HEADER =
      Pattern.compile("\\A\\s*/\\*\\s*atelier-theme:(.*?)\\*/", Pattern.DOTALL);

  /**
   * Reads the header at the start of a stylesheet.
   *
   * @throws IllegalArgumentException saying in plain words what is missing or wrong
   */
  public static ThemeHeader parse(String css) {
    Matcher m = HEADER.matcher(css);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "the file does not start with /* atelier-theme: name=...; base=light|dark */");
    }
    Map<String, String> values = new HashMap<>();
    for (String pair : m.group(1).split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("'" + pair.strip() + "' is not key=value");
      }
      values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    String name = values.get("name");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("the header has no name");
    }
    String base = values.get("base");
    if (base == null) {
      throw new IllegalArgumentException("the header has no base (light or dark)");
    }
    return new ThemeHeader(name, ThemeBase.parse(base));
  }
}
