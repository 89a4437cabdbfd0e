package dev.atelier.gui.theme;

/**
 * A colour theme: one stylesheet of colour variables over an AtlantaFX base.
 *
 * @param id what settings store: the file name without {@code .css}
 * @param name what the theme chooser shows
 * @param base the AtlantaFX theme underneath
 * @param stylesheet URL of the theme's stylesheet
 * @param builtIn shipped with Atelier, rather than found in the user's themes folder
 */
public record Theme(String id, String name, ThemeBase base, String stylesheet, boolean builtIn) {}
