package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.showWhen;
import static dev.atelier.gui.generate.ViewParts.spacer;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The hires fix on the Generate form ({@link HiresModel}): a "Hires fix" check box with the size
 * the pictures come out at, and once on, the scale (×1.25, ×1.5, ×2) and the strength of the
 * refining pass.
 *
 * <p>Node ids: {@code generate-hires} (the check box), {@code generate-hires-output}, {@code
 * generate-hires-scale}, {@code generate-hires-strength} (the slider), {@code
 * generate-hires-strength-value}.
 */
final class HiresView {

  private final HiresModel hires;

  HiresView(HiresModel hires) {
    this.hires = hires;
  }

  Node build() {
    CheckBox on = new CheckBox("Hires fix");
    on.setId("generate-hires");
    on.selectedProperty().bindBidirectional(hires.enabledProperty());
    on.setTooltip(
        new Tooltip(
            "Generate small, scale up and refine at the larger size: one run, both passes"));
    Label output = new Label();
    output.setId("generate-hires-output");
    output.getStyleClass().add("generate-start-runs");
    output.textProperty().bind(hires.outputText());
    showWhen(output, hires.enabledProperty());
    HBox top = new HBox(8, on, spacer(), output);
    top.setAlignment(Pos.CENTER_LEFT);

    ComboBox<Double> scale = new ComboBox<>();
    scale.getItems().setAll(HiresModel.SCALES);
    scale.setId("generate-hires-scale");
    scale.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Double s) {
            return s == null ? "" : "×" + (s == Math.rint(s) ? "" + s.intValue() : "" + s);
          }

          @Override
          public Double fromString(String text) {
            return Double.valueOf(text.replace("×", "").strip());
          }
        });
    scale.valueProperty().bindBidirectional(hires.scaleProperty());
    scale.setTooltip(new Tooltip("How much larger the pictures come out"));

    Slider strength = new Slider(HiresModel.MIN_STRENGTH, 1, hires.strength());
    strength.setId("generate-hires-strength");
    strength.setBlockIncrement(0.05);
    strength.setMajorTickUnit(0.05);
    strength.setMinorTickCount(0);
    strength.setSnapToTicks(true);
    strength.valueProperty().bindBidirectional(hires.strengthProperty());
    strength.setTooltip(
        new Tooltip("How much the larger pass redraws: low keeps the small picture's layout"));
    HBox.setHgrow(strength, Priority.ALWAYS);
    Label value = new Label();
    value.setId("generate-hires-strength-value");
    value.getStyleClass().add("generate-start-strength-value");
    value.textProperty().bind(hires.strengthText());
    value.setMinWidth(Label.USE_PREF_SIZE);
    Label scaleLabel = new Label("Scale");
    scaleLabel.getStyleClass().add("generate-field-label");
    Label strengthLabel = new Label("Strength");
    strengthLabel.getStyleClass().add("generate-field-label");
    scale.setMinWidth(Region.USE_PREF_SIZE);
    scaleLabel.setMinWidth(Region.USE_PREF_SIZE);
    strengthLabel.setMinWidth(Region.USE_PREF_SIZE);
    strength.setMinWidth(60);
    HBox settings = new HBox(8, scaleLabel, scale, strengthLabel, strength, value);
    settings.setAlignment(Pos.CENTER_LEFT);
    showWhen(settings, hires.enabledProperty());

    VBox section = new VBox(6, top, settings);
    section.getStyleClass().add("generate-hires");
    return section;
  }
}
