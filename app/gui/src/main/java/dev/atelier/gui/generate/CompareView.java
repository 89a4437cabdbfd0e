package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.CARD_FOOTER;
import static dev.atelier.gui.generate.ViewParts.GAP;
import static dev.atelier.gui.generate.ViewParts.KEPT;
import static dev.atelier.gui.generate.ViewParts.keepButton;
import static dev.atelier.gui.generate.ViewParts.spacer;
import static dev.atelier.gui.generate.ViewParts.toImage;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The two picked variants side by side ({@code generate-side-by-side}), each with its Keep. */
final class CompareView {

  private final VariantsModel results;

  CompareView(VariantsModel results) {
    this.results = results;
  }

  Node build() {
    HBox pair = new HBox(GAP);
    pair.setId("generate-side-by-side");
    pair.getStyleClass().add("compare-pane");
    pair.setAlignment(Pos.CENTER);
    Runnable rebuild =
        () -> {
          List<VariantItem> items = List.copyOf(results.picked());
          pair.getChildren().setAll(items.stream().map(i -> side(i, pair)).toList());
        };
    results.picked().addListener((ListChangeListener<VariantItem>) c -> rebuild.run());
    return pair;
  }

  private Node side(VariantItem item, HBox pair) {
    ImageView view = new ImageView();
    view.setPreserveRatio(true);
    view.setSmooth(false);
    item.imageProperty().subscribe(img -> view.setImage(toImage(img)));
    view.fitWidthProperty().bind(pair.widthProperty().subtract(GAP + 40).divide(2));
    view.fitHeightProperty().bind(pair.heightProperty().subtract(CARD_FOOTER + 30));
    Label caption = new Label("Variant " + (item.index() + 1) + " · seed " + item.seed());
    caption.getStyleClass().add("variant-seed");
    HBox footer = new HBox(8, caption, spacer(), keepButton(results, item));
    footer.setAlignment(Pos.CENTER_LEFT);
    footer.getStyleClass().add("variant-footer");
    VBox side = new VBox(new StackPane(view), footer);
    side.setMaxHeight(Region.USE_PREF_SIZE);
    side.getStyleClass().addAll("variant-card", "compare-side");
    item.keptProperty().subscribe(k -> side.pseudoClassStateChanged(KEPT, k));
    HBox.setHgrow(side, Priority.ALWAYS);
    return side;
  }
}
