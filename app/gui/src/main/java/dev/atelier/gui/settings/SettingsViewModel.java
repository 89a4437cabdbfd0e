package dev.atelier.gui.settings;

import dev.atelier.AppInfo;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.shell.ScreenModel;
import dev.atelier.gui.theme.Theme;
import dev.atelier.gui.theme.ThemeManager;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Settings screen: the theme (changing {@link #themeProperty()} applies and saves it at once),
 * where Atelier keeps its files, and which version is running.
 */
public final class SettingsViewModel implements ScreenModel {

  private final AppDirs dirs;
  private final ThemeManager themes;
  private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");

  public SettingsViewModel(AppDirs dirs, ThemeManager themes) {
    this.dirs = dirs;
    this.themes = themes;
    theme.set(themes.current());
    themes.currentProperty().addListener((obs, old, now) -> theme.set(now));
    theme.addListener(
        (obs, old, chosen) -> {
          if (chosen != null && !chosen.equals(themes.current())) {
            themes.select(chosen);
          }
        });
  }

  /** Everything here is known from the start; nothing to load. */
  @Override
  public void activate() {}

  /** The themes to choose from. */
  public List<Theme> themes() {
    return themes.themes();
  }

  /** The current theme; setting it switches the studio's theme and remembers the choice. */
  public ObjectProperty<Theme> themeProperty() {
    return theme;
  }

  public String settingsFile() {
    return dirs.settingsFile().toString();
  }

  public String dataFolder() {
    return dirs.data().toString();
  }

  public String catalogFile() {
    return dirs.catalogFile().toString();
  }

  public String userThemesFolder() {
    return dirs.userThemes().toString();
  }

  public String version() {
    return AppInfo.NAME + " " + AppInfo.version();
  }

  /** The Java and JavaFX versions running the studio. */
  public String runtime() {
    return "Java "
        + System.getProperty("java.runtime.version", "?")
        + " · JavaFX "
        + System.getProperty("javafx.runtime.version", "?");
  }
}
