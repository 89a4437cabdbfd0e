package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.keepButton;
import static dev.atelier.gui.generate.ViewParts.spacer;
import static dev.atelier.gui.generate.ViewParts.toImage;

import dev.atelier.diffusion.RgbImage;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/**
 * One variant large ({@code generate-zoom}): zoom 1 fits the picture to the space, more magnifies
 * it with sharp pixels; the bar above names the variant and offers its actions.
 */
final class ZoomView {

  private final GenerateViewModel model;
  private final VariantsModel results;
  private final ImageView view = new ImageView();
  private final ScrollPane scroll = new ScrollPane();

  ZoomView(GenerateViewModel model) {
    this.model = model;
    this.results = model.results();
  }

  Node build() {
    VBox pane = new VBox(bar(), canvas());
    pane.setId("generate-zoom");
    pane.getStyleClass().add("zoom-pane");
    return pane;
  }

  private Node canvas() {
    view.setPreserveRatio(true);
    view.setSmooth(false);
    scroll
        .viewportBoundsProperty()
        .addListener(
            (obs, old, now) -> {
              if (old == null
                  || old.getWidth() != now.getWidth()
                  || old.getHeight() != now.getHeight()) {
                refresh();
              }
            });
    results
        .focusedProperty()
        .subscribe(
            i -> {
              refresh();
              if (i != null) {
                i.imageProperty().subscribe(x -> refresh());
              }
            });
    results.zoomProperty().subscribe(z -> refresh());

    StackPane canvas = new StackPane(view);
    canvas.getStyleClass().add("zoom-canvas");
    scroll.setContent(canvas);
    scroll.setFitToWidth(true);
    scroll.setFitToHeight(true);
    scroll.setPannable(true);
    scroll.getStyleClass().addAll("screen-scroll", "zoom-scroll");
    VBox.setVgrow(scroll, Priority.ALWAYS);
    return scroll;
  }

  /** Shows the focused variant at the zoom asked for. */
  private void refresh() {
    VariantItem item = results.focusedProperty().get();
    RgbImage img = item == null ? null : item.imageProperty().get();
    view.setImage(toImage(img));
    if (img != null) {
      double w = Math.max(100, scroll.getViewportBounds().getWidth() - 24);
      double h = Math.max(100, scroll.getViewportBounds().getHeight() - 24);
      double fit = Math.min(w / img.width(), h / img.height());
      view.setFitWidth(img.width() * fit * results.zoomProperty().get());
      view.setFitHeight(img.height() * fit * results.zoomProperty().get());
    }
  }

  private Node bar() {
    Slider slider = new Slider(1, 8, 1);
    slider.setId("generate-zoom-level");
    slider.valueProperty().bindBidirectional(results.zoomProperty());
    slider.setPrefWidth(140);
    slider.setMinWidth(80);
    Label level = new Label();
    level
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  double z = results.zoomProperty().get();
                  return z < 1.05 ? "Fit" : String.format(Locale.ROOT, "%.1f×", z);
                },
                results.zoomProperty()));
    level.getStyleClass().add("zoom-level");
    level.setMinWidth(Region.USE_PREF_SIZE);
    FontIcon minus = new FontIcon(MaterialDesignM.MAGNIFY_MINUS_OUTLINE);
    FontIcon plus = new FontIcon(MaterialDesignM.MAGNIFY_PLUS_OUTLINE);
    HBox bar = new HBox(8, title(), spacer(), minus, slider, plus, level, actions());
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("zoom-bar");
    return bar;
  }

  private Node title() {
    Label title = new Label();
    title.getStyleClass().add("zoom-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    title
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  VariantItem i = results.focusedProperty().get();
                  return i == null ? "" : "Variant " + (i.index() + 1) + " · seed " + i.seed();
                },
                results.focusedProperty()));
    return title;
  }

  /** Same seed, vary seed and keep, for the variant shown. */
  private Node actions() {
    HBox actions = new HBox(8);
    actions.setAlignment(Pos.CENTER_LEFT);
    results
        .focusedProperty()
        .subscribe(
            i -> {
              if (i == null) {
                actions.getChildren().clear();
                return;
              }
              Button same = new Button("Same seed", new FontIcon(MaterialDesignL.LOCK));
              same.setOnAction(e -> model.rerun(i));
              same.disableProperty().bind(model.runningProperty());
              Button vary = new Button("Vary seed", new FontIcon(MaterialDesignD.DICE_5_OUTLINE));
              vary.setOnAction(e -> model.reroll());
              vary.disableProperty().bind(model.runningProperty());
              actions.getChildren().setAll(same, vary, keepButton(results, i));
            });
    return actions;
  }
}
