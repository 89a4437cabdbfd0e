package dev.atelier.gui.common;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The title and one-line description at the top of every screen. */
public final class ScreenHeader extends VBox {

  public ScreenHeader(String title, String description) {
    Label titleLabel = new Label(title);
    titleLabel.getStyleClass().addAll(Styles.TITLE_2, "screen-title");
    Label descriptionLabel = new Label(description);
    descriptionLabel.getStyleClass().add("screen-description");
    descriptionLabel.setWrapText(true);
    getStyleClass().add("screen-header");
    getChildren().addAll(titleLabel, descriptionLabel);
  }
}
