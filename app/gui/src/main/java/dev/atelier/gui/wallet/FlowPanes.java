package dev.atelier.gui.wallet;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;

/** Small building blocks shared by the create and import panes. */
final class FlowPanes {

  private FlowPanes() {}

  static Label title(String text) {
    Label l = new Label(text);
    l.getStyleClass().addAll(Styles.TITLE_4, "wallet-flow-title");
    return l;
  }

  static Label hint(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("setting-hint");
    l.setWrapText(true);
    return l;
  }

  /** An inline error line, hidden while empty. */
  static Label problem(String id) {
    Label l = new Label();
    l.setId(id);
    l.getStyleClass().addAll(Styles.DANGER, "wallet-flow-problem");
    l.setWrapText(true);
    l.visibleProperty().bind(l.textProperty().isNotEmpty());
    l.managedProperty().bind(l.visibleProperty());
    return l;
  }

  static Label warning(String text) {
    Label l = new Label(text, new FontIcon(MaterialDesignA.ALERT_OUTLINE));
    l.getStyleClass().add("wallet-warning");
    l.setWrapText(true);
    l.setMaxWidth(Double.MAX_VALUE);
    return l;
  }

  static PasswordField password(String id, String prompt) {
    PasswordField f = new PasswordField();
    f.setId(id);
    f.setPromptText(prompt);
    f.setPrefColumnCount(24);
    return f;
  }

  /** A label beside its field, in a form grid. */
  static void row(GridPane grid, int row, String name, Node field) {
    Label key = new Label(name);
    key.getStyleClass().add("setting-name");
    if (field instanceof javafx.scene.control.Control c) {
      key.setLabelFor(c);
      key.setMnemonicParsing(false);
    }
    grid.addRow(row, key, field);
  }

  static GridPane grid() {
    GridPane grid = new GridPane();
    grid.getStyleClass().add("setting-grid");
    return grid;
  }

  /** Buttons at the right: {@code secondary...} then the default button. */
  static HBox buttons(Button... buttons) {
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(8);
    bar.getChildren().add(spacer);
    bar.getChildren().addAll(buttons);
    bar.setAlignment(Pos.CENTER_RIGHT);
    return bar;
  }

  /** Clears a password field's text (the field's own copy is a String; this drops it). */
  static void clear(PasswordField... fields) {
    for (PasswordField f : fields) {
      f.clear();
    }
  }
}
