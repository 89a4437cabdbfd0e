package dev.atelier.gui.settings;

import dev.atelier.gui.common.ScreenHeader;
import dev.atelier.gui.theme.Theme;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The Settings screen: theme chooser, data locations and version. Node ids: {@code theme-choice},
 * {@code settings-config}, {@code settings-data}, {@code settings-catalog}, {@code
 * settings-themes}, {@code settings-version}.
 */
public final class SettingsView {

  private final ScrollPane root;

  public SettingsView(SettingsViewModel model) {
    VBox page =
        new VBox(
            new ScreenHeader("Settings", "How Atelier looks, and where it keeps your work."),
            appearance(model),
            locations(model),
            about(model));
    page.getStyleClass().add("screen");
    root = new ScrollPane(page);
    root.setFitToWidth(true);
    root.getStyleClass().add("screen-scroll");
  }

  public Parent root() {
    return root;
  }

  private static Node appearance(SettingsViewModel model) {
    ComboBox<Theme> choice = new ComboBox<>();
    choice.setId("theme-choice");
    choice.getItems().setAll(model.themes());
    choice.setConverter(new ThemeNames());
    choice.valueProperty().bindBidirectional(model.themeProperty());
    choice.setPrefWidth(240);

    Label label = new Label("Theme");
    label.getStyleClass().add("setting-name");
    label.setLabelFor(choice);
    HBox row = new HBox(label, choice);
    row.getStyleClass().add("setting-row");
    row.setAlignment(Pos.CENTER_LEFT);

    Label hint =
        new Label(
            "To add a theme, put a .css file in "
                + model.userThemesFolder()
                + " that starts with /* atelier-theme: name=My theme; base=dark */"
                + " (base: light or dark). Themes are read when Atelier starts.");
    hint.getStyleClass().add("setting-hint");
    hint.setWrapText(true);
    return section(MaterialDesignT.THEME_LIGHT_DARK, "Appearance", row, hint);
  }

  private static Node locations(SettingsViewModel model) {
    GridPane grid = new GridPane();
    grid.getStyleClass().add("setting-grid");
    addLocation(grid, 0, "Settings file", "settings-config", model.settingsFile());
    addLocation(grid, 1, "Data folder", "settings-data", model.dataFolder());
    addLocation(grid, 2, "Catalog", "settings-catalog", model.catalogFile());
    addLocation(grid, 3, "Custom themes", "settings-themes", model.userThemesFolder());
    return section(MaterialDesignF.FOLDER_OUTLINE, "Data locations", grid);
  }

  private static void addLocation(GridPane grid, int row, String name, String id, String path) {
    Label key = new Label(name);
    key.getStyleClass().add("setting-name");
    Label value = new Label(path);
    value.setId(id);
    value.getStyleClass().add("setting-path");
    grid.addRow(row, key, value);
  }

  private static Node about(SettingsViewModel model) {
    Label version = new Label(model.version());
    version.setId("settings-version");
    version.getStyleClass().add("setting-value");
    Label runtime = new Label(model.runtime());
    runtime.getStyleClass().add("setting-hint");
    return section(MaterialDesignI.INFORMATION_OUTLINE, "About", version, runtime);
  }

  private static VBox section(Ikon icon, String title, Node... content) {
    Label heading = new Label(title, new FontIcon(icon));
    heading.getStyleClass().add("section-title");
    VBox section = new VBox(heading);
    section.getChildren().addAll(content);
    section.getStyleClass().add("settings-section");
    return section;
  }

  /** Shows built-in themes by name and marks the user's own. */
  private static final class ThemeNames extends StringConverter<Theme> {
    @Override
    public String toString(Theme theme) {
      if (theme == null) {
        return "";
      }
      return theme.builtIn() ? theme.name() : theme.name() + " (custom)";
    }

    @Override
    public Theme fromString(String text) {
      throw new UnsupportedOperationException("the theme chooser is not editable");
    }
  }
}
