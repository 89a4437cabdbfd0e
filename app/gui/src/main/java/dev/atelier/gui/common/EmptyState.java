package dev.atelier.gui.common;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** What a screen shows when it has nothing to list yet: an icon, a title and a short text. */
public final class EmptyState extends VBox {

  public EmptyState(Ikon icon, String title, String text) {
    StackPane badge = new StackPane(new FontIcon(icon));
    badge.getStyleClass().add("empty-state-badge");
    Label titleLabel = new Label(title);
    titleLabel.getStyleClass().addAll(Styles.TITLE_4, "empty-state-title");
    Label textLabel = new Label(text);
    textLabel.getStyleClass().add("empty-state-text");
    textLabel.setWrapText(true);
    textLabel.setTextAlignment(TextAlignment.CENTER);
    getStyleClass().add("empty-state");
    setAlignment(Pos.CENTER);
    getChildren().addAll(badge, titleLabel, textLabel);
  }
}
