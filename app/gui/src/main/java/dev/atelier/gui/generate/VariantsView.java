package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.CARD_FOOTER;
import static dev.atelier.gui.generate.ViewParts.GAP;
import static dev.atelier.gui.generate.ViewParts.KEPT;
import static dev.atelier.gui.generate.ViewParts.PICKED;
import static dev.atelier.gui.generate.ViewParts.RUNNING;
import static dev.atelier.gui.generate.ViewParts.keepButton;
import static dev.atelier.gui.generate.ViewParts.shortcutText;
import static dev.atelier.gui.generate.ViewParts.showWhen;
import static dev.atelier.gui.generate.ViewParts.spacer;
import static dev.atelier.gui.generate.ViewParts.toImage;

import atlantafx.base.theme.Styles;
import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.generate.VariantsModel.Layout;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The right side of the Generate screen: the toolbar (status, back, compare, re-roll), the run's
 * progress, and the variants as a grid of cards, one zoomed ({@link ZoomView}) or two side by side
 * ({@link CompareView}).
 */
final class VariantsView {

  /** The smallest card side: small enough for two columns beside the queue. */
  private static final double MIN_SIDE = 150;

  /** Below this card side, Keep shows its icon alone so that two cards fit side by side. */
  private static final double NARROW_SIDE = 200;

  private final GenerateViewModel model;
  private final VariantsModel results;
  private final GridPane grid = new GridPane();
  private final ScrollPane gridScroll = new ScrollPane(grid);
  private Node zoom; // built when first shown
  private Node sideBySide; // built when first shown

  VariantsView(GenerateViewModel model) {
    this.model = model;
    this.results = model.results();
  }

  Node build() {
    setUpGrid();
    EmptyState empty =
        new EmptyState(
            MaterialDesignC.CREATION_OUTLINE,
            "Your variants appear here",
            "Describe a picture, press Generate ("
                + shortcutText()
                + ") and watch the variants take shape. Everything runs on this computer; keep"
                + " the ones you like.");
    empty.setId("generate-empty");
    showWhen(
        gridScroll,
        Bindings.isNotEmpty(results.variants())
            .and(results.layoutProperty().isEqualTo(Layout.GRID)));

    // The zoomed and side-by-side views join the grid the first time they are asked for: fewer
    // nodes to style on the way to the first window.
    StackPane layouts = new StackPane(gridScroll);
    results
        .layoutProperty()
        .subscribe(
            layout -> {
              if (layout == Layout.ZOOM && zoom == null) {
                zoom = new ZoomView(model).build();
                showWhen(zoom, results.layoutProperty().isEqualTo(Layout.ZOOM));
                layouts.getChildren().add(zoom);
              } else if (layout == Layout.COMPARE && sideBySide == null) {
                sideBySide = new CompareView(results).build();
                showWhen(sideBySide, results.layoutProperty().isEqualTo(Layout.COMPARE));
                layouts.getChildren().add(sideBySide);
              }
            });

    // The variants, the empty state, or why the earlier generations could not be read.
    LoadStatePane stage =
        new LoadStatePane(results.stateProperty(), layouts, empty, results.errorProperty());
    stage.setId("generate-stage");
    stage.getStyleClass().add("generate-stage");
    VBox.setVgrow(stage, Priority.ALWAYS);

    VBox box = new VBox(toolbar(), progress(), stage);
    box.getStyleClass().add("generate-results");
    HBox.setHgrow(box, Priority.ALWAYS);
    return box;
  }

  private Node toolbar() {
    Label status = new Label();
    status.setId("generate-status");
    status.getStyleClass().add("generate-status");
    status.textProperty().bind(model.statusProperty());
    status.setGraphic(new FontIcon(MaterialDesignT.TIMER_OUTLINE));
    // Beside the model's load indicator the toolbar is narrow: the status wraps, never cut.
    status.setMinWidth(0);
    status.setWrapText(true);
    status.pseudoClassStateChanged(RUNNING, false);
    model.runningProperty().subscribe(r -> status.pseudoClassStateChanged(RUNNING, r));
    // The seconds count on between steps, which can each take a minute on a large model.
    Timeline ticks = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
    ticks.setCycleCount(Animation.INDEFINITE);
    model
        .phaseProperty()
        .subscribe(
            p -> {
              if (p == GenerateViewModel.Phase.GENERATING) {
                ticks.play();
              } else {
                ticks.stop();
              }
            });

    Button back = new Button("Variants", new FontIcon(MaterialDesignA.ARROW_LEFT));
    back.setId("generate-back");
    back.getStyleClass().addAll(Styles.FLAT);
    back.setOnAction(e -> results.showGrid());
    showWhen(back, results.layoutProperty().isNotEqualTo(Layout.GRID));

    Button compare = new Button("Compare", new FontIcon(MaterialDesignC.COMPARE));
    compare.setId("generate-compare");
    compare.setOnAction(e -> results.compare());
    compare.disableProperty().bind(Bindings.size(results.picked()).lessThan(2));
    compare.setTooltip(new Tooltip("Pick two variants (their ⇆ button) to see them side by side"));

    Button reroll = new Button("Re-roll", new FontIcon(MaterialDesignD.DICE_MULTIPLE_OUTLINE));
    reroll.setId("generate-reroll");
    reroll.setOnAction(e -> model.reroll());
    reroll.setTooltip(new Tooltip("Same settings, new seed"));
    reroll.disableProperty().bind(model.runningProperty());

    for (Button b : List.of(back, compare, reroll)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox toolbar = new HBox(8, back, status, modelLoading(), spacer(), compare, reroll);
    toolbar.setAlignment(Pos.CENTER_LEFT);
    toolbar.getStyleClass().add("generate-toolbar");
    return toolbar;
  }

  /**
   * While the chosen model loads ahead: "Checking model file… 45 %", then "Loading weights… 80 %",
   * with a button (and Escape) to stop it.
   */
  private Node modelLoading() {
    Label loadingModel = new Label("Loading model…");
    loadingModel.setId("generate-model-loading");
    loadingModel.getStyleClass().add("generate-model-loading");
    ProgressBar bar = new ProgressBar(-1);
    bar.setId("generate-model-loading-bar");
    bar.getStyleClass().addAll(Styles.SMALL, "generate-model-loading-bar");
    model
        .models()
        .progressProperty()
        .subscribe(
            p -> {
              loadingModel.setText(p == null ? "Loading model…" : p.text());
              bar.setProgress(p == null ? -1 : p.fraction());
            });
    loadingModel.setMinWidth(Region.USE_PREF_SIZE);
    bar.setPrefWidth(72);
    bar.setMinWidth(Region.USE_PREF_SIZE);
    Button stop = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
    stop.setId("generate-model-loading-stop");
    stop.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
    stop.setTooltip(new Tooltip("Stop loading the model (Esc); it loads when you generate"));
    stop.setOnAction(e -> model.cancel());
    HBox box = new HBox(6, loadingModel, bar, stop);
    box.setAlignment(Pos.CENTER_LEFT);
    box.setMinWidth(Region.USE_PREF_SIZE); // only what it needs; the status gives way and wraps
    showWhen(box, model.modelLoadingProperty().and(model.runningProperty().not()));
    return box;
  }

  private Node progress() {
    ProgressBar progress = new ProgressBar();
    progress.setId("generate-progress");
    progress.getStyleClass().addAll(Styles.SMALL, "generate-progress");
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.progressProperty().bind(model.progressProperty());
    progress.visibleProperty().bind(model.runningProperty());
    return progress;
  }

  // ---- the grid -------------------------------------------------------------------------

  private void setUpGrid() {
    grid.setId("generate-grid");
    grid.getStyleClass().add("generate-grid");
    grid.setHgap(GAP);
    grid.setVgap(GAP);
    grid.setAlignment(Pos.CENTER);
    gridScroll.setFitToWidth(true);
    gridScroll.setFitToHeight(true);
    gridScroll.getStyleClass().add("screen-scroll");
    gridScroll.viewportBoundsProperty().addListener((obs, old, now) -> resizeTiles());
    results.variants().addListener((ListChangeListener<VariantItem>) c -> rebuildGrid());
    rebuildGrid();
  }

  private void rebuildGrid() {
    grid.getChildren().clear();
    int cols = columns(results.variants().size());
    List<VariantItem> items = List.copyOf(results.variants());
    for (int i = 0; i < items.size(); i++) {
      grid.add(card(items.get(i)), i % cols, i / cols);
    }
    resizeTiles();
  }

  private static int columns(int variants) {
    return variants <= 1 ? 1 : variants <= 4 ? 2 : variants <= 9 ? 3 : 4;
  }

  /** Sizes the tiles so that all variants fit the space when they can (2×2 for four). */
  private void resizeTiles() {
    int n = Math.max(1, results.variants().size());
    int cols = columns(n);
    int rows = (n + cols - 1) / cols;
    double w = gridScroll.getViewportBounds().getWidth();
    double h = gridScroll.getViewportBounds().getHeight();
    if (w <= 0 || h <= 0) {
      return;
    }
    double byWidth = (w - GAP * (cols - 1) - 4) / cols - 18;
    double byHeight = (h - GAP * (rows - 1) - 4) / rows - CARD_FOOTER;
    double side = Math.max(MIN_SIDE, Math.min(byWidth, rows <= 2 ? byHeight : byWidth));
    for (Node card : grid.getChildren()) {
      if (card.getUserData() instanceof ImageView view) {
        view.setFitWidth(side);
        view.setFitHeight(side);
      }
    }
  }

  // ---- one card -------------------------------------------------------------------------

  private Node card(VariantItem item) {
    ImageView view = new ImageView();
    view.setPreserveRatio(true);
    view.setSmooth(true);
    item.imageProperty().subscribe(img -> view.setImage(toImage(img)));

    Label caption = new Label("#" + (item.index() + 1));
    caption.getStyleClass().add("variant-number");
    caption.setMinWidth(Region.USE_PREF_SIZE);
    Button keep = keepButton(results, item);
    // A narrow card (the queue beside it) shows Keep as its icon alone.
    keep.contentDisplayProperty()
        .bind(
            Bindings.when(view.fitWidthProperty().lessThan(NARROW_SIDE))
                .then(ContentDisplay.GRAPHIC_ONLY)
                .otherwise(ContentDisplay.LEFT));
    HBox footer = new HBox(4, caption, spacer(), pickButton(item), moreMenu(item), keep);
    footer.setAlignment(Pos.CENTER_LEFT);
    footer.getStyleClass().add("variant-footer");

    VBox card = new VBox(picture(item, view), footer);
    card.setId("variant-" + (item.index() + 1));
    card.getStyleClass().add("variant-card");
    card.setUserData(view);
    item.keptProperty().subscribe(k -> card.pseudoClassStateChanged(KEPT, k));
    item.pickedProperty().subscribe(p -> card.pseudoClassStateChanged(PICKED, p));
    return card;
  }

  /** The picture with its progress bar, kept badge and seed; a click zooms. */
  private Node picture(VariantItem item, ImageView view) {
    Label waiting = new Label("Waiting for the first preview…");
    waiting.getStyleClass().add("variant-waiting");
    waiting.visibleProperty().bind(item.imageProperty().isNull());

    ProgressBar bar = new ProgressBar();
    bar.getStyleClass().addAll(Styles.SMALL, "variant-progress");
    bar.progressProperty().bind(item.progressProperty());
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.visibleProperty().bind(item.assetProperty().isNull().and(model.runningProperty()));
    StackPane.setAlignment(bar, Pos.BOTTOM_CENTER);
    StackPane.setMargin(bar, new Insets(0, 12, 12, 12));

    Label keptBadge = new Label("Kept", new FontIcon(MaterialDesignB.BOOKMARK_CHECK));
    keptBadge.getStyleClass().add("variant-kept-badge");
    keptBadge.visibleProperty().bind(item.keptProperty());
    StackPane.setAlignment(keptBadge, Pos.TOP_LEFT);

    Label seed = new Label("seed " + item.seed());
    seed.getStyleClass().add("variant-seed-chip");
    StackPane.setAlignment(seed, Pos.TOP_RIGHT);

    StackPane picture = new StackPane(waiting, view, bar, keptBadge, seed);
    picture.getStyleClass().add("variant-picture");
    Tooltip.install(picture, new Tooltip("Click to zoom"));
    picture.setOnMouseClicked(
        e -> {
          if (e.getButton() == MouseButton.PRIMARY && item.imageProperty().get() != null) {
            results.zoomInto(item);
          }
        });
    return picture;
  }

  private Node pickButton(VariantItem item) {
    ToggleButton pick = new ToggleButton(null, new FontIcon(MaterialDesignC.COMPARE_HORIZONTAL));
    pick.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "variant-pick");
    pick.setTooltip(new Tooltip("Pick for side-by-side comparison"));
    pick.setSelected(item.pickedProperty().get());
    item.pickedProperty().subscribe(pick::setSelected);
    pick.setOnAction(
        e -> {
          results.togglePick(item);
          pick.setSelected(item.pickedProperty().get());
        });
    pick.disableProperty().bind(item.assetProperty().isNull());
    return pick;
  }

  private MenuButton moreMenu(VariantItem item) {
    MenuItem same = new MenuItem("Re-run with this seed", new FontIcon(MaterialDesignL.LOCK));
    same.setOnAction(e -> model.rerun(item));
    MenuItem vary =
        new MenuItem("Vary: new seed, same settings", new FontIcon(MaterialDesignD.DICE_5_OUTLINE));
    vary.setOnAction(e -> model.reroll());
    MenuItem zoom = new MenuItem("Zoom", new FontIcon(MaterialDesignM.MAGNIFY_PLUS_OUTLINE));
    zoom.setOnAction(e -> results.zoomInto(item));
    MenuButton more =
        new MenuButton(null, new FontIcon(MaterialDesignD.DOTS_VERTICAL), zoom, same, vary);
    more.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "variant-more");
    more.setTooltip(new Tooltip("Re-run with this seed, or vary it"));
    more.disableProperty().bind(item.assetProperty().isNull());
    same.disableProperty().bind(model.runningProperty());
    vary.disableProperty().bind(model.runningProperty());
    return more;
  }
}
