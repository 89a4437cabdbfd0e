package dev.atelier.gui.inspector;

import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The inspector panel. Node ids: {@code inspector}, {@code inspector-summary}. */
public final class InspectorView {

  private final VBox root;

  public InspectorView(InspectorViewModel model) {
    Label summary = new Label();
    summary.setId("inspector-summary");
    summary.setWrapText(true);
    summary.textProperty().bind(model.summaryProperty());
    root = new VBox(summary);
    root.setId("inspector");
    root.getStyleClass().add("inspector");
  }

  public Parent root() {
    return root;
  }
}
