package dev.atelier.gui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;

/** The AtlantaFX theme an Atelier theme sits on: it styles every control, ours recolours it. */
public enum ThemeBase {
  LIGHT(new PrimerLight().getUserAgentStylesheet()),
  DARK(new PrimerDark().getUserAgentStylesheet());

  private final String userAgentStylesheet;

  ThemeBase(String userAgentStylesheet) {
    this.userAgentStylesheet = userAgentStylesheet;
  }

  /** The AtlantaFX stylesheet to install as the user agent stylesheet. */
  public String userAgentStylesheet() {
    return userAgentStylesheet;
  }

  /** The base named {@code light} or {@code dark} (any case). */
  public static ThemeBase parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "light" -> LIGHT;
      case "dark" -> DARK;
      default ->
          throw new IllegalArgumentException(
              "unknown base '" + name.strip() + "' (use light or dark)");
    };
  }
}
