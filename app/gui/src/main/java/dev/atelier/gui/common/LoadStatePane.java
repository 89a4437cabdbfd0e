package dev.atelier.gui.common;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * Shows one of a list screen's faces by its {@link LoadState}: the content when there are rows, the
 * empty state when there are none, the error text when loading failed, nothing while loading.
 */
public final class LoadStatePane extends StackPane {

  public LoadStatePane(
      ObservableValue<LoadState> state,
      Node content,
      Node empty,
      ObservableValue<String> errorText) {
    Label error = new Label();
    error.getStyleClass().addAll(Styles.DANGER, "load-error");
    error.setWrapText(true);
    error.textProperty().bind(errorText);
    getChildren().addAll(content, empty, error);
    state.subscribe(
        now -> {
          show(content, now == LoadState.READY);
          show(empty, now == LoadState.EMPTY);
          show(error, now == LoadState.FAILED);
        });
  }

  private static void show(Node node, boolean shown) {
    node.setVisible(shown);
    node.setManaged(shown);
  }
}
