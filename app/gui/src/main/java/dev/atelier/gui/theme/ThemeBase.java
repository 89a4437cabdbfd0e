package dev.atelier.gui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.net.URL;
import java.util.Locale;

/** The AtlantaFX theme an Atelier theme sits on: it styles every control, ours recolours it. */
public enum ThemeBase {
  LIGHT(new PrimerLight().getUserAgentStylesheet()),
  DARK(new PrimerDark().getUserAgentStylesheet());

  private final String atlantaFxStylesheet;

  ThemeBase(String atlantaFxStylesheet) {
    this.atlantaFxStylesheet = atlantaFxStylesheet;
  }

  /**
   * The stylesheet to install as the user agent stylesheet: AtlantaFX's, in the binary form the
   * build made of it ({@link BinaryStylesheets}), or its {@code .css} when there is none.
   */
  public String userAgentStylesheet() {
    URL binary = BinaryStylesheets.find(this);
    return binary == null ? atlantaFxStylesheet : binary.toExternalForm();
  }

  /** AtlantaFX's own stylesheet (CSS text) for this base. */
  String atlantaFxStylesheet() {
    return atlantaFxStylesheet;
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
