package dev.atelier.gui.generate;

import atlantafx.base.theme.Styles;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.gui.common.FxImages;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;

/** Small pieces the Generate screen's views share. */
final class ViewParts {

  static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  static final PseudoClass KEPT = PseudoClass.getPseudoClass("kept");
  static final PseudoClass PICKED = PseudoClass.getPseudoClass("picked");
  static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");
  static final KeyCombination GENERATE =
      new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
  static final double GAP = 14;
  static final double CARD_FOOTER = 70;

  private ViewParts() {}

  /** The Keep button of a variant: disabled until it is finished, "Kept" once kept. */
  static Button keepButton(VariantsModel results, VariantItem item) {
    Button keep = new Button("Keep", new FontIcon(MaterialDesignB.BOOKMARK_PLUS_OUTLINE));
    keep.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT, "variant-keep");
    keep.setTooltip(new Tooltip("Save this variant to your images and the catalog"));
    keep.setMinWidth(Region.USE_PREF_SIZE);
    keep.setOnAction(e -> results.keep(item));
    keep.disableProperty().bind(item.assetProperty().isNull().or(item.keptProperty()));
    keep.textProperty().bind(Bindings.when(item.keptProperty()).then("Kept").otherwise("Keep"));
    return keep;
  }

  /** A JavaFX image of the pixels (no copy of the file). */
  static Image toImage(RgbImage img) {
    return FxImages.of(img);
  }

  /** "Ctrl+Enter" (JavaFX writes the Enter key as an arrow). */
  static String shortcutText() {
    return GENERATE.getDisplayText().replace("↵", "Enter");
  }

  static Node field(String name, Node control) {
    Label label = new Label(name);
    label.getStyleClass().add("generate-field-label");
    VBox box = new VBox(3, label, control);
    box.getStyleClass().add("generate-field");
    return box;
  }

  static Label sectionLabel(String text) {
    Label label = new Label(text);
    label.getStyleClass().add("generate-section");
    return label;
  }

  static Region spacer() {
    Region r = new Region();
    HBox.setHgrow(r, Priority.ALWAYS);
    return r;
  }

  static Button iconButton(Ikon icon, String tooltip) {
    Button b = new Button(null, new FontIcon(icon));
    b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    b.setTooltip(new Tooltip(tooltip));
    b.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    return b;
  }

  static void showWhen(Node node, ObservableValue<Boolean> shown) {
    node.visibleProperty().bind(shown);
    node.managedProperty().bind(node.visibleProperty());
  }

  static String shorten(String text, int max) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }

  /** Sampler names for the picker. */
  static final class SamplerNames extends StringConverter<SamplerKind> {
    @Override
    public String toString(SamplerKind kind) {
      if (kind == null) {
        return "";
      }
      return switch (kind) {
        case DDIM -> "DDIM";
        case DDPM -> "DDPM (ancestral)";
        case EULER_ANCESTRAL -> "Euler ancestral";
        case DPMPP_2M_KARRAS -> "DPM++ 2M Karras";
        case LCM -> "LCM (for LCM / LCM-LoRA models, guidance 1–2)";
      };
    }

    @Override
    public SamplerKind fromString(String text) {
      return null;
    }
  }
}
