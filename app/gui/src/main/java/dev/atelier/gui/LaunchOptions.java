package dev.atelier.gui;

import dev.atelier.gui.shell.Screen;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Command-line options of the studio. They are not advertised; they exist for documentation
 * screenshots and scripted checks:
 *
 * <ul>
 *   <li>{@code --screenshot=FILE}: open the window, wait until it has settled, save it as PNG and
 *       exit
 *   <li>{@code --screen=generate|catalog|wallet|settings}: the screen to open on
 *   <li>{@code --theme=ID}: a theme for this run only (not saved)
 * </ul>
 *
 * @param screenshot where to save a screenshot, if one was asked for
 * @param screen the screen to open on
 * @param theme id of a theme to use for this run
 */
public record LaunchOptions(Optional<Path> screenshot, Screen screen, Optional<String> theme) {

  /** The options with nothing given. */
  public static final LaunchOptions DEFAULT =
      new LaunchOptions(Optional.empty(), Screen.GENERATE, Optional.empty());

  /**
   * Reads the options.
   *
   * @throws IllegalArgumentException naming an unknown option or value
   */
  public static LaunchOptions parse(List<String> args) {
    LaunchOptions options = DEFAULT;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? "" : arg.substring(eq + 1).strip();
      options =
          switch (name) {
            case "--screenshot" ->
                new LaunchOptions(
                    Optional.of(Path.of(required(name, value))), options.screen, options.theme);
            case "--screen" ->
                new LaunchOptions(options.screenshot, screen(required(name, value)), options.theme);
            case "--theme" ->
                new LaunchOptions(
                    options.screenshot, options.screen, Optional.of(required(name, value)));
            default -> throw new IllegalArgumentException("Unknown option: " + arg);
          };
    }
    return options;
  }

  private static String required(String name, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " needs a value, e.g. " + name + "=...");
    }
    return value;
  }

  private static Screen screen(String key) {
    return Screen.byKey(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Unknown screen '" + key + "' (use generate, catalog, wallet or settings)"));
  }
}
