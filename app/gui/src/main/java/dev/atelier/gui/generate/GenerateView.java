package dev.atelier.gui.generate;

import atlantafx.base.theme.Styles;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.common.ScreenHeader;
import dev.atelier.gui.generate.GenerateViewModel.Layout;
import dev.atelier.gui.generate.GenerateViewModel.Phase;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.event.EventHandler;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import javafx.util.converter.LongStringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The Generate screen: the prompt and settings on the left, the variants on the right (a grid, one
 * zoomed, or two side by side). Ctrl+Enter generates from anywhere on the screen, Escape cancels
 * (or goes back to the grid), Ctrl+Up/Down in the prompt walk the prompt history.
 *
 * <p>Node ids: {@code generate-prompt}, {@code generate-negative}, {@code generate-history}, {@code
 * generate-model}, {@code generate-engine} (the device), {@code generate-sampler}, {@code
 * generate-steps}, {@code generate-cfg}, {@code generate-width}, {@code generate-height}, {@code
 * generate-seed}, {@code generate-seed-lock}, {@code generate-seed-random}, {@code
 * generate-variants}, {@code generate-run}, {@code generate-cancel}, {@code generate-problem},
 * {@code generate-status}, {@code generate-progress}, {@code generate-reroll}, {@code
 * generate-compare}, {@code generate-grid}, {@code generate-empty}, {@code generate-zoom}, {@code
 * generate-side-by-side}; each variant card {@code variant-<n>} (1-based) with buttons of style
 * class {@code variant-keep}, {@code variant-zoom}, {@code variant-pick}.
 */
public final class GenerateView {

  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass KEPT = PseudoClass.getPseudoClass("kept");
  private static final PseudoClass PICKED = PseudoClass.getPseudoClass("picked");
  private static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");
  private static final KeyCombination GENERATE =
      new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination HISTORY_BACK =
      new KeyCodeCombination(KeyCode.UP, KeyCombination.SHORTCUT_DOWN);
  private static final KeyCombination HISTORY_FORWARD =
      new KeyCodeCombination(KeyCode.DOWN, KeyCombination.SHORTCUT_DOWN);
  private static final double GAP = 14;
  private static final double CARD_FOOTER = 70;
  private static final double MIN_SIDE = 190;

  private final GenerateViewModel model;
  private final VBox root;
  private final GridPane grid = new GridPane();
  private final ScrollPane gridScroll = new ScrollPane(grid);
  private final EventHandler<KeyEvent> keys = this::onKey;

  public GenerateView(GenerateViewModel model) {
    this.model = model;
    HBox content = new HBox(form(), results());
    content.getStyleClass().add("generate-content");
    VBox.setVgrow(content, Priority.ALWAYS);

    root = new VBox(new ScreenHeader("Generate", "Turn prompts into images, on this computer."));
    root.getChildren().add(content);
    root.getStyleClass().addAll("screen", "generate-screen");

    // Keyboard: on the scene while this screen is shown, so it works whatever has the focus.
    root.sceneProperty()
        .addListener(
            (obs, old, now) -> {
              if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
              }
              if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, keys);
              }
            });
  }

  public Parent root() {
    return root;
  }

  private void onKey(KeyEvent e) {
    Scene scene = root.getScene();
    if (scene == null || !root.isVisible()) {
      return;
    }
    if (GENERATE.match(e)) {
      model.generate();
      e.consume();
    } else if (e.getCode() == KeyCode.ESCAPE && !e.isShortcutDown()) {
      if (model.runningProperty().get()) {
        model.cancel();
        e.consume();
      } else if (model.layoutProperty().get() != Layout.GRID) {
        model.showGrid();
        e.consume();
      }
    }
  }

  // ---- the form -------------------------------------------------------------------------

  private Node form() {
    TextArea prompt = new TextArea();
    prompt.setId("generate-prompt");
    prompt.setPromptText("A lighthouse on a cliff at dusk, oil painting");
    prompt.setWrapText(true);
    prompt.setPrefRowCount(3);
    prompt.textProperty().bindBidirectional(model.promptProperty());
    prompt.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (HISTORY_BACK.match(e) || HISTORY_FORWARD.match(e)) {
            model
                .historyStep(HISTORY_BACK.match(e) ? -1 : 1)
                .ifPresent(p -> prompt.positionCaret(p.length()));
            e.consume();
          }
        });

    MenuButton history = new MenuButton(null, new FontIcon(MaterialDesignH.HISTORY));
    history.setId("generate-history");
    history.getStyleClass().addAll(Styles.FLAT, Styles.BUTTON_ICON, "generate-history");
    history.setTooltip(new Tooltip("Earlier prompts (Ctrl+Up / Ctrl+Down in the prompt)"));
    history.disableProperty().bind(Bindings.isEmpty(model.history()));
    history.setOnShowing(
        e ->
            history
                .getItems()
                .setAll(
                    model.history().stream()
                        .limit(15)
                        .map(
                            p -> {
                              MenuItem item = new MenuItem(shorten(p, 70));
                              item.setOnAction(a -> model.promptProperty().set(p));
                              return item;
                            })
                        .toList()));

    TextArea negative = new TextArea();
    negative.setId("generate-negative");
    negative.setPromptText("What to steer away from (optional)");
    negative.setWrapText(true);
    negative.setPrefRowCount(2);
    negative.textProperty().bindBidirectional(model.negativePromptProperty());

    ComboBox<ModelChoice> modelPicker = new ComboBox<>(model.models());
    modelPicker.setId("generate-model");
    modelPicker.setMaxWidth(Double.MAX_VALUE);
    modelPicker.valueProperty().bindBidirectional(model.modelProperty());
    modelPicker.promptTextProperty().bind(model.modelsProperty());
    modelPicker.disableProperty().bind(model.runningProperty());

    Label device = new Label();
    device.setId("generate-engine");
    device.getStyleClass().add("generate-device");
    device.setGraphic(new FontIcon(MaterialDesignC.CHIP));
    device.textProperty().bind(model.engineText());
    device.setMinWidth(0);
    model
        .engineStatusProperty()
        .subscribe(s -> device.pseudoClassStateChanged(FAILED, s instanceof EngineStatus.Failed));

    ComboBox<SamplerKind> sampler = new ComboBox<>();
    sampler.getItems().setAll(SamplerKind.values());
    sampler.setId("generate-sampler");
    sampler.setMaxWidth(Double.MAX_VALUE);
    sampler.setConverter(new SamplerNames());
    sampler.valueProperty().bindBidirectional(model.samplerProperty());

    Spinner<Integer> steps = intSpinner("generate-steps", 1, 500, 1, model.stepsProperty());
    Spinner<Double> cfg =
        new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(1, 30, 3, 0.5));
    cfg.setId("generate-cfg");
    cfg.setEditable(true);
    cfg.getValueFactory().valueProperty().bindBidirectional(model.guidanceProperty());
    cfg.setMaxWidth(Double.MAX_VALUE);
    Spinner<Integer> width = intSpinner("generate-width", 8, 2048, 8, model.widthProperty());
    Spinner<Integer> height = intSpinner("generate-height", 8, 2048, 8, model.heightProperty());
    Spinner<Integer> variants =
        intSpinner("generate-variants", 1, 16, 1, model.variantCountProperty());

    TextField seed = new TextField();
    seed.setId("generate-seed");
    TextFormatter<Long> seedFormat = new TextFormatter<>(new LongStringConverter());
    seed.setTextFormatter(seedFormat);
    seedFormat.valueProperty().bindBidirectional(model.seedProperty());
    HBox.setHgrow(seed, Priority.ALWAYS);
    ToggleButton lock = new ToggleButton();
    lock.setId("generate-seed-lock");
    lock.getStyleClass().addAll(Styles.BUTTON_ICON, "generate-seed-lock");
    lock.selectedProperty().bindBidirectional(model.seedLockedProperty());
    lock.graphicProperty()
        .bind(
            Bindings.when(lock.selectedProperty())
                .then((Node) new FontIcon(MaterialDesignL.LOCK))
                .otherwise((Node) new FontIcon(MaterialDesignL.LOCK_OPEN_VARIANT_OUTLINE)));
    Tooltip lockTip = new Tooltip();
    lockTip
        .textProperty()
        .bind(
            Bindings.when(lock.selectedProperty())
                .then("Seed locked: every run uses it")
                .otherwise("Seed unlocked: every run draws a new one"));
    lock.setTooltip(lockTip);
    Button dice = iconButton(MaterialDesignD.DICE_5_OUTLINE, "New random seed");
    dice.setId("generate-seed-random");
    dice.setOnAction(e -> model.randomizeSeed());
    HBox seedRow = new HBox(6, seed, lock, dice);
    seedRow.setAlignment(Pos.CENTER_LEFT);

    GridPane settings = new GridPane();
    settings.getStyleClass().add("generate-settings");
    settings.add(field("Sampler", sampler), 0, 0, 3, 1);
    settings.add(field("Variants", variants), 3, 0);
    settings.add(field("Steps", steps), 0, 1, 2, 1);
    settings.add(field("Guidance (CFG)", cfg), 2, 1, 2, 1);
    settings.add(field("Width", width), 0, 2, 2, 1);
    settings.add(field("Height", height), 2, 2, 2, 1);
    settings.add(field("Seed", seedRow), 0, 3, 4, 1);
    for (int c = 0; c < 4; c++) {
      javafx.scene.layout.ColumnConstraints col = new javafx.scene.layout.ColumnConstraints();
      col.setPercentWidth(25);
      settings.getColumnConstraints().add(col);
    }
    settings.disableProperty().bind(model.runningProperty());

    Button run = new Button("Generate", new FontIcon(MaterialDesignC.CREATION));
    run.setId("generate-run");
    run.getStyleClass().addAll(Styles.ACCENT, Styles.LARGE, "generate-run");
    run.setMaxWidth(Double.MAX_VALUE);
    run.setOnAction(e -> model.generate());
    run.setTooltip(new Tooltip("Generate (" + shortcutText() + ")"));
    Button cancel = new Button("Cancel", new FontIcon(MaterialDesignS.STOP_CIRCLE_OUTLINE));
    cancel.setId("generate-cancel");
    cancel.getStyleClass().addAll(Styles.DANGER, Styles.LARGE, "generate-cancel");
    cancel.setMaxWidth(Double.MAX_VALUE);
    cancel.setOnAction(e -> model.cancel());
    cancel.setTooltip(new Tooltip("Stop at the next step (Esc)"));
    cancel.disableProperty().bind(model.phaseProperty().isEqualTo(Phase.CANCELLING));
    showWhen(run, model.runningProperty().not());
    showWhen(cancel, model.runningProperty());
    Label hint = new Label(shortcutText() + " to generate · Esc to cancel");
    hint.getStyleClass().add("generate-hint");
    StackPane actions = new StackPane(run, cancel);

    Label problem = new Label();
    problem.setId("generate-problem");
    problem.getStyleClass().add("generate-problem");
    problem.setWrapText(true);
    problem.setGraphic(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
    problem.textProperty().bind(model.problemProperty());
    showWhen(problem, model.problemProperty().isNotEmpty());

    HBox deviceRow = new HBox(8, device);
    deviceRow.setAlignment(Pos.CENTER_LEFT);
    HBox promptTitle = new HBox(sectionLabel("Prompt"), spacer(), history);
    promptTitle.setAlignment(Pos.CENTER_LEFT);
    VBox fields =
        new VBox(
            promptTitle,
            prompt,
            sectionLabel("Negative prompt"),
            negative,
            sectionLabel("Model"),
            modelPicker,
            deviceRow,
            settings);
    fields.getStyleClass().add("generate-form");
    VBox.setMargin(deviceRow, new javafx.geometry.Insets(-1, 0, 4, 2));

    ScrollPane scroll = new ScrollPane(fields);
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    scroll.getStyleClass().addAll("screen-scroll", "generate-form-scroll");
    VBox.setVgrow(scroll, Priority.ALWAYS);

    VBox footer = new VBox(8, problem, actions, hint);
    footer.getStyleClass().add("generate-form-footer");

    VBox card = new VBox(scroll, footer);
    card.getStyleClass().add("generate-form-card");
    card.setMinWidth(350);
    card.setPrefWidth(350);
    card.setMaxWidth(350);
    return card;
  }

  private static Spinner<Integer> intSpinner(
      String id, int min, int max, int step, javafx.beans.property.ObjectProperty<Integer> value) {
    Spinner<Integer> spinner =
        new Spinner<>(min, max, value.get() == null ? min : value.get(), step);
    spinner.setId(id);
    spinner.setEditable(true);
    spinner.setMaxWidth(Double.MAX_VALUE);
    spinner.getValueFactory().valueProperty().bindBidirectional(value);
    return spinner;
  }

  // ---- the variants ---------------------------------------------------------------------

  private Node results() {
    Label status = new Label();
    status.setId("generate-status");
    status.getStyleClass().add("generate-status");
    status.textProperty().bind(model.statusProperty());
    status.setGraphic(new FontIcon(MaterialDesignT.TIMER_OUTLINE));
    status.setMinWidth(0);
    status.pseudoClassStateChanged(RUNNING, false);
    model.runningProperty().subscribe(r -> status.pseudoClassStateChanged(RUNNING, r));

    Button back = new Button("Variants", new FontIcon(MaterialDesignA.ARROW_LEFT));
    back.setId("generate-back");
    back.getStyleClass().addAll(Styles.FLAT);
    back.setOnAction(e -> model.showGrid());
    showWhen(back, model.layoutProperty().isNotEqualTo(Layout.GRID));

    Button compare = new Button("Compare", new FontIcon(MaterialDesignC.COMPARE));
    compare.setId("generate-compare");
    compare.setOnAction(e -> model.compare());
    compare.disableProperty().bind(Bindings.size(model.picked()).lessThan(2));
    compare.setTooltip(new Tooltip("Pick two variants (their ⇆ button) to see them side by side"));

    Button reroll = new Button("Re-roll", new FontIcon(MaterialDesignD.DICE_MULTIPLE_OUTLINE));
    reroll.setId("generate-reroll");
    reroll.setOnAction(e -> model.reroll());
    reroll.setTooltip(new Tooltip("Same settings, new seed"));
    reroll.disableProperty().bind(model.runningProperty());

    Label loadingModel = new Label("Loading model…");
    loadingModel.setId("generate-model-loading");
    loadingModel.getStyleClass().add("generate-model-loading");
    ProgressIndicator loadingSpin = new ProgressIndicator(-1);
    loadingSpin.getStyleClass().add("generate-model-spinner");
    loadingModel.setGraphic(loadingSpin);
    showWhen(loadingModel, model.modelLoadingProperty());
    loadingModel.setMinWidth(Region.USE_PREF_SIZE);
    for (Button b : List.of(back, compare, reroll)) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox toolbar = new HBox(8, back, status, loadingModel, spacer(), compare, reroll);
    toolbar.setAlignment(Pos.CENTER_LEFT);
    toolbar.getStyleClass().add("generate-toolbar");

    ProgressBar progress = new ProgressBar();
    progress.setId("generate-progress");
    progress.getStyleClass().addAll(Styles.SMALL, "generate-progress");
    progress.setMaxWidth(Double.MAX_VALUE);
    progress.progressProperty().bind(model.progressProperty());
    progress.visibleProperty().bind(model.runningProperty());

    grid.setId("generate-grid");
    grid.getStyleClass().add("generate-grid");
    grid.setHgap(GAP);
    grid.setVgap(GAP);
    grid.setAlignment(Pos.CENTER);
    gridScroll.setFitToWidth(true);
    gridScroll.setFitToHeight(true);
    gridScroll.getStyleClass().add("screen-scroll");
    gridScroll.viewportBoundsProperty().addListener((obs, old, now) -> resizeTiles());
    model.variants().addListener((ListChangeListener<VariantItem>) c -> rebuildGrid());
    rebuildGrid();

    EmptyState empty =
        new EmptyState(
            MaterialDesignC.CREATION_OUTLINE,
            "Your variants appear here",
            "Describe a picture, press Generate ("
                + shortcutText()
                + ") and watch the variants take shape. Everything runs on this computer; keep"
                + " the ones you like.");
    empty.setId("generate-empty");
    showWhen(empty, Bindings.isEmpty(model.variants()));
    showWhen(
        gridScroll,
        Bindings.isNotEmpty(model.variants()).and(model.layoutProperty().isEqualTo(Layout.GRID)));

    Node zoom = zoomPane();
    showWhen(zoom, model.layoutProperty().isEqualTo(Layout.ZOOM));
    Node sideBySide = comparePane();
    showWhen(sideBySide, model.layoutProperty().isEqualTo(Layout.COMPARE));

    StackPane stage = new StackPane(empty, gridScroll, zoom, sideBySide);
    stage.getStyleClass().add("generate-stage");
    VBox.setVgrow(stage, Priority.ALWAYS);

    VBox results = new VBox(toolbar, progress, stage);
    results.getStyleClass().add("generate-results");
    HBox.setHgrow(results, Priority.ALWAYS);
    return results;
  }

  private void rebuildGrid() {
    grid.getChildren().clear();
    int cols = columns(model.variants().size());
    List<VariantItem> items = List.copyOf(model.variants());
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
    int n = Math.max(1, model.variants().size());
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

  private Node card(VariantItem item) {
    ImageView view = new ImageView();
    view.setPreserveRatio(true);
    view.setSmooth(true);
    item.imageProperty().subscribe(img -> view.setImage(toImage(img)));
    Label waiting = new Label("Waiting for the first preview…");
    waiting.getStyleClass().add("variant-waiting");
    waiting.visibleProperty().bind(item.imageProperty().isNull());

    ProgressBar bar = new ProgressBar();
    bar.getStyleClass().addAll(Styles.SMALL, "variant-progress");
    bar.progressProperty().bind(item.progressProperty());
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.visibleProperty().bind(item.assetProperty().isNull().and(model.runningProperty()));
    StackPane.setAlignment(bar, Pos.BOTTOM_CENTER);
    StackPane.setMargin(bar, new javafx.geometry.Insets(0, 12, 12, 12));

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
            model.zoomInto(item);
          }
        });

    Label caption = new Label("#" + (item.index() + 1));
    caption.getStyleClass().add("variant-number");

    Button keep = keepButton(item);
    ToggleButton pick = new ToggleButton(null, new FontIcon(MaterialDesignC.COMPARE_HORIZONTAL));
    pick.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "variant-pick");
    pick.setTooltip(new Tooltip("Pick for side-by-side comparison"));
    pick.setSelected(item.pickedProperty().get());
    item.pickedProperty().subscribe(pick::setSelected);
    pick.setOnAction(
        e -> {
          model.togglePick(item);
          pick.setSelected(item.pickedProperty().get());
        });
    pick.disableProperty().bind(item.assetProperty().isNull());
    MenuButton more = moreMenu(item);

    caption.setMinWidth(Region.USE_PREF_SIZE);
    HBox footer = new HBox(4, caption, spacer(), pick, more, keep);
    footer.setAlignment(Pos.CENTER_LEFT);
    footer.getStyleClass().add("variant-footer");

    VBox card = new VBox(picture, footer);
    card.setId("variant-" + (item.index() + 1));
    card.getStyleClass().add("variant-card");
    card.setUserData(view);
    item.keptProperty().subscribe(k -> card.pseudoClassStateChanged(KEPT, k));
    item.pickedProperty().subscribe(p -> card.pseudoClassStateChanged(PICKED, p));
    return card;
  }

  private Button keepButton(VariantItem item) {
    Button keep = new Button("Keep", new FontIcon(MaterialDesignB.BOOKMARK_PLUS_OUTLINE));
    keep.getStyleClass().addAll(Styles.SMALL, Styles.ACCENT, "variant-keep");
    keep.setTooltip(new Tooltip("Save this variant to your images and the catalog"));
    keep.setMinWidth(Region.USE_PREF_SIZE);
    keep.setOnAction(e -> model.keep(item));
    keep.disableProperty().bind(item.assetProperty().isNull().or(item.keptProperty()));
    keep.textProperty().bind(Bindings.when(item.keptProperty()).then("Kept").otherwise("Keep"));
    return keep;
  }

  private MenuButton moreMenu(VariantItem item) {
    MenuItem same = new MenuItem("Re-run with this seed", new FontIcon(MaterialDesignL.LOCK));
    same.setOnAction(e -> model.rerun(item));
    MenuItem vary =
        new MenuItem("Vary: new seed, same settings", new FontIcon(MaterialDesignD.DICE_5_OUTLINE));
    vary.setOnAction(e -> model.reroll());
    MenuItem zoom = new MenuItem("Zoom", new FontIcon(MaterialDesignM.MAGNIFY_PLUS_OUTLINE));
    zoom.setOnAction(e -> model.zoomInto(item));
    MenuButton more =
        new MenuButton(null, new FontIcon(MaterialDesignD.DOTS_VERTICAL), zoom, same, vary);
    more.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "variant-more");
    more.setTooltip(new Tooltip("Re-run with this seed, or vary it"));
    more.disableProperty().bind(item.assetProperty().isNull());
    same.disableProperty().bind(model.runningProperty());
    vary.disableProperty().bind(model.runningProperty());
    return more;
  }

  private Node zoomPane() {
    ImageView view = new ImageView();
    view.setPreserveRatio(true);
    view.setSmooth(false);
    ScrollPane scroll = new ScrollPane();
    Runnable refresh =
        () -> {
          VariantItem item = model.focusedProperty().get();
          RgbImage img = item == null ? null : item.imageProperty().get();
          view.setImage(toImage(img));
          if (img != null) {
            // Zoom 1 fits the picture to the space; more magnifies it (pixels stay sharp).
            double w = Math.max(100, scroll.getViewportBounds().getWidth() - 24);
            double h = Math.max(100, scroll.getViewportBounds().getHeight() - 24);
            double fit = Math.min(w / img.width(), h / img.height());
            view.setFitWidth(img.width() * fit * model.zoomProperty().get());
            view.setFitHeight(img.height() * fit * model.zoomProperty().get());
          }
        };
    scroll
        .viewportBoundsProperty()
        .addListener(
            (obs, old, now) -> {
              if (old == null
                  || old.getWidth() != now.getWidth()
                  || old.getHeight() != now.getHeight()) {
                refresh.run();
              }
            });
    model
        .focusedProperty()
        .subscribe(
            i -> {
              refresh.run();
              if (i != null) {
                i.imageProperty().subscribe(x -> refresh.run());
              }
            });
    model.zoomProperty().subscribe(z -> refresh.run());

    StackPane canvas = new StackPane(view);
    canvas.getStyleClass().add("zoom-canvas");
    scroll.setContent(canvas);
    scroll.setFitToWidth(true);
    scroll.setFitToHeight(true);
    scroll.setPannable(true);
    scroll.getStyleClass().addAll("screen-scroll", "zoom-scroll");
    VBox.setVgrow(scroll, Priority.ALWAYS);

    Slider slider = new Slider(1, 8, 1);
    slider.setId("generate-zoom-level");
    slider.valueProperty().bindBidirectional(model.zoomProperty());
    slider.setPrefWidth(140);
    slider.setMinWidth(80);
    Label level = new Label();
    level
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  double z = model.zoomProperty().get();
                  return z < 1.05 ? "Fit" : String.format(java.util.Locale.ROOT, "%.1f×", z);
                },
                model.zoomProperty()));
    level.getStyleClass().add("zoom-level");
    Label title = new Label();
    title.getStyleClass().add("zoom-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    title
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  VariantItem i = model.focusedProperty().get();
                  return i == null ? "" : "Variant " + (i.index() + 1) + " · seed " + i.seed();
                },
                model.focusedProperty()));

    HBox actions = new HBox(8);
    actions.setAlignment(Pos.CENTER_LEFT);
    model
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
              actions.getChildren().setAll(same, vary, keepButton(i));
            });
    FontIcon minus = new FontIcon(MaterialDesignM.MAGNIFY_MINUS_OUTLINE);
    FontIcon plus = new FontIcon(MaterialDesignM.MAGNIFY_PLUS_OUTLINE);
    level.setMinWidth(Region.USE_PREF_SIZE);
    HBox bar = new HBox(8, title, spacer(), minus, slider, plus, level, actions);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("zoom-bar");
    VBox pane = new VBox(bar, scroll);
    pane.setId("generate-zoom");
    pane.getStyleClass().add("zoom-pane");
    return pane;
  }

  private Node comparePane() {
    HBox pair = new HBox(GAP);
    pair.setId("generate-side-by-side");
    pair.getStyleClass().add("compare-pane");
    pair.setAlignment(Pos.CENTER);
    Runnable rebuild =
        () -> {
          List<VariantItem> items = List.copyOf(model.picked());
          pair.getChildren().setAll(items.stream().map(i -> compareSide(i, pair)).toList());
        };
    model.picked().addListener((ListChangeListener<VariantItem>) c -> rebuild.run());
    return pair;
  }

  private Node compareSide(VariantItem item, HBox pair) {
    ImageView view = new ImageView();
    view.setPreserveRatio(true);
    view.setSmooth(false);
    item.imageProperty().subscribe(img -> view.setImage(toImage(img)));
    view.fitWidthProperty().bind(pair.widthProperty().subtract(GAP + 40).divide(2));
    view.fitHeightProperty().bind(pair.heightProperty().subtract(CARD_FOOTER + 30));
    Label caption = new Label("Variant " + (item.index() + 1) + " · seed " + item.seed());
    caption.getStyleClass().add("variant-seed");
    HBox footer = new HBox(8, caption, spacer(), keepButton(item));
    footer.setAlignment(Pos.CENTER_LEFT);
    footer.getStyleClass().add("variant-footer");
    VBox side = new VBox(new StackPane(view), footer);
    side.setMaxHeight(Region.USE_PREF_SIZE);
    side.getStyleClass().addAll("variant-card", "compare-side");
    item.keptProperty().subscribe(k -> side.pseudoClassStateChanged(KEPT, k));
    HBox.setHgrow(side, Priority.ALWAYS);
    return side;
  }

  // ---- helpers --------------------------------------------------------------------------

  /** A JavaFX image of the pixels (no copy of the file). */
  static Image toImage(RgbImage img) {
    if (img == null) {
      return null;
    }
    WritableImage out = new WritableImage(img.width(), img.height());
    out.getPixelWriter()
        .setPixels(
            0,
            0,
            img.width(),
            img.height(),
            PixelFormat.getByteRgbInstance(),
            img.rgb(),
            0,
            img.width() * 3);
    return out;
  }

  /** "Ctrl+Enter" (JavaFX writes the Enter key as an arrow). */
  private static String shortcutText() {
    return GENERATE.getDisplayText().replace("↵", "Enter");
  }

  private static Node field(String name, Node control) {
    Label label = new Label(name);
    label.getStyleClass().add("generate-field-label");
    VBox box = new VBox(3, label, control);
    box.getStyleClass().add("generate-field");
    return box;
  }

  private static Label sectionLabel(String text) {
    Label label = new Label(text);
    label.getStyleClass().add("generate-section");
    return label;
  }

  private static Region spacer() {
    Region r = new Region();
    HBox.setHgrow(r, Priority.ALWAYS);
    return r;
  }

  private static Region separator() {
    Region r = new Region();
    r.getStyleClass().add("generate-separator");
    return r;
  }

  private static Button iconButton(Ikon icon, String tooltip) {
    Button b = new Button(null, new FontIcon(icon));
    b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    b.setTooltip(new Tooltip(tooltip));
    b.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    return b;
  }

  private static void showWhen(Node node, javafx.beans.value.ObservableValue<Boolean> shown) {
    node.visibleProperty().bind(shown);
    node.managedProperty().bind(node.visibleProperty());
  }

  private static String shorten(String text, int max) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }

  /** Sampler names for the picker. */
  private static final class SamplerNames extends StringConverter<SamplerKind> {
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
      };
    }

    @Override
    public SamplerKind fromString(String text) {
      return null;
    }
  }
}
