package dev.atelier.gui.theme;

import dev.atelier.config.Settings;
import dev.atelier.gui.common.BackgroundRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the colour themes (built in, and the user's in {@code AppDirs.userThemes()}), keeps the
 * current one, and styles a scene with it: the theme's AtlantaFX base as user agent stylesheet,
 * then {@code atelier.css} (layout, using colour variables only) and the theme's stylesheet (the
 * colour variables).
 *
 * <p>A user theme whose header is missing or malformed is skipped with a warning in the log.
 */
public final class ThemeManager {

  private static final Logger LOG = LoggerFactory.getLogger(ThemeManager.class);

  /** Ids of the themes shipped in {@code themes/} on the class path; the first is the default. */
  static final List<String> BUILT_IN = List.of("light", "dark");

  private static final String RESOURCE_FOLDER = "/themes/";
  private static final String STRUCTURE = RESOURCE_FOLDER + "atelier.css";
  private static final String EXTENSION = ".css";

  private final List<Theme> themes;
  private final Settings settings;
  private final BackgroundRunner runner;
  private final String structureStylesheet;
  private final ReadOnlyObjectWrapper<Theme> current = new ReadOnlyObjectWrapper<>(this, "current");

  private ThemeManager(List<Theme> themes, Settings settings, BackgroundRunner runner) {
    this.themes = List.copyOf(themes);
    this.settings = settings;
    this.runner = runner;
    this.structureStylesheet = resource(STRUCTURE).toExternalForm();
    this.current.set(savedOrDefault(settings.theme()));
  }

  /**
   * Reads the built-in themes and those in {@code userThemes}, and makes the theme saved in {@code
   * settings} current (the default theme when it is not found). Reads files: call it off the JavaFX
   * application thread.
   */
  public static ThemeManager load(Path userThemes, Settings settings, BackgroundRunner runner) {
    List<Theme> all = new ArrayList<>(builtInThemes());
    for (Theme user : userThemes(userThemes)) {
      if (all.stream().anyMatch(t -> t.id().equals(user.id()))) {
        LOG.warn("Skipping user theme {}: a theme with that id already exists", user.stylesheet());
      } else {
        all.add(user);
      }
    }
    return new ThemeManager(all, settings, runner);
  }

  /** The themes shipped with Atelier, in {@link #BUILT_IN} order. */
  static List<Theme> builtInThemes() {
    List<Theme> out = new ArrayList<>();
    for (String id : BUILT_IN) {
      URL url = resource(RESOURCE_FOLDER + id + EXTENSION);
      try (InputStream in = url.openStream()) {
        ThemeHeader header =
            ThemeHeader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        out.add(new Theme(id, header.name(), header.base(), url.toExternalForm(), true));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read built-in theme " + id, e);
      }
    }
    return out;
  }

  /**
   * The valid themes in {@code folder} ({@code *.css}, sorted by file name). Files that cannot be
   * read or have no valid header are skipped with a warning; a missing folder means no themes.
   */
  static List<Theme> userThemes(Path folder) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*" + EXTENSION)) {
      dir.forEach(files::add);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("Cannot list user themes in {}: {}", folder, e.getMessage());
      return List.of();
    }
    files.sort(null);
    List<Theme> out = new ArrayList<>();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String id = fileName.substring(0, fileName.length() - EXTENSION.length());
      try {
        ThemeHeader header = ThemeHeader.parse(Files.readString(file, StandardCharsets.UTF_8));
        out.add(new Theme(id, header.name(), header.base(), file.toUri().toString(), false));
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("Skipping user theme {}: {}", file, e.getMessage());
      }
    }
    return out;
  }

  /** Every usable theme: built-in ones first, then the user's. */
  public List<Theme> themes() {
    return themes;
  }

  public Optional<Theme> find(String id) {
    return themes.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  public ReadOnlyObjectProperty<Theme> currentProperty() {
    return current.getReadOnlyProperty();
  }

  public Theme current() {
    return current.get();
  }

  /** Switches to {@code theme} for this session only (e.g. a {@code --theme} option). */
  public void use(Theme theme) {
    current.set(Objects.requireNonNull(theme));
  }

  /** Switches to {@code theme} and saves it in the settings, in the background, for next time. */
  public void select(Theme theme) {
    use(theme);
    runner.run(
        () -> {
          settings.setTheme(theme.id());
          return null;
        },
        saved -> {},
        error -> LOG.warn("Could not save the theme choice: {}", error.getMessage()));
  }

  /**
   * Sets the current theme's base stylesheet (JavaFX's user-agent stylesheet) now. Call it before
   * the first control is created: the first control or popup class to load sets JavaFX's own
   * default (Modena) when none is set, a stylesheet the studio never shows but would load and index
   * on the way to its first window.
   */
  public void applyBase() {
    Application.setUserAgentStylesheet(current.get().base().userAgentStylesheet());
  }

  /**
   * Styles {@code scene} with the current theme now and whenever it changes. Call on the JavaFX
   * application thread.
   */
  public void attach(Scene scene) {
    apply(scene, current.get());
    current.addListener((obs, old, theme) -> apply(scene, theme));
  }

  private void apply(Scene scene, Theme theme) {
    Application.setUserAgentStylesheet(theme.base().userAgentStylesheet());
    scene.getStylesheets().setAll(structureStylesheet, theme.stylesheet());
  }

  private Theme savedOrDefault(String savedId) {
    return find(savedId)
        .orElseGet(
            () -> {
              Theme fallback = themes.getFirst();
              LOG.warn("Saved theme '{}' not found; using {}", savedId, fallback.name());
              return fallback;
            });
  }

  private static URL resource(String name) {
    URL url = ThemeManager.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException(name + " is missing from the build");
    }
    return url;
  }
}
