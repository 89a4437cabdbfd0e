package dev.atelier.gui.catalog;

import atlantafx.base.controls.CustomTextField;
import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.common.ScreenHeader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The Catalog screen: search and filters over a virtualised grid of thumbnails. The grid is a
 * {@link ListView} whose rows each hold as many tiles as fit the width, so only the rows on screen
 * (and a few spare) exist, however many images there are. Node ids: {@code catalog-search}, {@code
 * catalog-model}, {@code catalog-license}, {@code catalog-status}, {@code catalog-period}, {@code
 * catalog-grid}, {@code catalog-summary}, {@code catalog-empty}, {@code catalog-no-matches}; tiles
 * are {@code catalog-tile-<asset id>} with style class {@code catalog-tile}.
 */
public final class CatalogView {

  static final double GAP = 14;
  private static final double ROW_PADDING = 14;
  private static final double SCROLL_BAR = 14;
  private static final Duration SEARCH_DELAY = Duration.millis(250);

  private final CatalogViewModel model;
  private final Thumbnails thumbnails;
  private final ListView<Integer> grid = new ListView<>();
  private final List<GridRow> rowCells = new ArrayList<>();
  private final ContextMenu menu;
  private final VBox root;
  private int columns = 1;

  public CatalogView(CatalogViewModel model) {
    this.model = model;
    this.thumbnails = model.thumbnails();

    Label summary = new Label();
    summary.setId("catalog-summary");
    summary.getStyleClass().add("screen-summary");
    summary.textProperty().bind(model.summaryProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header =
        new HBox(
            new ScreenHeader("Catalog", "Every image on this computer, newest first."),
            spacer,
            summary);
    header.getStyleClass().add("screen-header-row");

    grid.setId("catalog-grid");
    grid.getStyleClass().add("catalog-grid");
    grid.setFixedCellSize(CatalogTile.THUMB + 62 + GAP);
    grid.setCellFactory(list -> new GridRow());
    grid.widthProperty().subscribe(w -> relayout());
    model.totalProperty().subscribe(t -> relayout());
    model.pagesLoadedProperty().subscribe(n -> refreshTiles());
    model.focusIndexProperty().subscribe(this::scrollToFocus);
    grid.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    menu = contextMenu();

    EmptyState empty =
        new EmptyState(
            MaterialDesignI.IMAGE_MULTIPLE_OUTLINE,
            "No images yet",
            "Every image you generate will be listed here with its prompt, model and seed.");
    empty.setId("catalog-empty");
    Button clear = new Button("Clear search and filters");
    clear.setId("catalog-clear-filters");
    clear.setOnAction(e -> model.filters().clear());
    EmptyState noMatches =
        new EmptyState(
            MaterialDesignM.MAGNIFY_CLOSE,
            "No images match",
            "Nothing in the catalog matches these words and filters.");
    noMatches.getChildren().add(clear);
    noMatches.setId("catalog-no-matches");
    StackPane emptyFaces = new StackPane(empty, noMatches);
    model
        .catalogSizeProperty()
        .subscribe(
            size -> {
              boolean anything = size.longValue() > 0;
              empty.setVisible(!anything);
              noMatches.setVisible(anything);
            });

    LoadStatePane content =
        new LoadStatePane(model.stateProperty(), grid, emptyFaces, model.errorProperty());
    VBox.setVgrow(content, Priority.ALWAYS);
    root = new VBox(header, toolbar(), content);
    root.getStyleClass().addAll("screen", "catalog-screen");
  }

  public Parent root() {
    return root;
  }

  private VBox toolbar() {
    CustomTextField search = new CustomTextField();
    search.setId("catalog-search");
    search.setPromptText("Search prompts");
    search.setLeft(new FontIcon(MaterialDesignM.MAGNIFY));
    Button clear = new Button(null, new FontIcon(MaterialDesignC.CLOSE_CIRCLE));
    clear.getStyleClass().addAll("flat", "catalog-search-clear");
    clear.setFocusTraversable(false);
    clear.visibleProperty().bind(search.textProperty().isNotEmpty());
    clear.setOnAction(e -> search.clear());
    search.setRight(clear);
    search.getStyleClass().add("catalog-search");
    HBox.setHgrow(search, Priority.ALWAYS);
    PauseTransition debounce = new PauseTransition(SEARCH_DELAY);
    debounce.setOnFinished(e -> model.filters().searchTextProperty().set(search.getText()));
    search.textProperty().addListener((obs, old, now) -> debounce.playFromStart());
    search.setOnAction(
        e -> {
          debounce.stop();
          model.filters().searchTextProperty().set(search.getText());
        });
    model
        .filters()
        .searchTextProperty()
        .subscribe(
            text -> {
              if (!text.equals(search.getText())) {
                search.setText(text);
              }
            });

    ComboBox<CatalogFilters.Choice> models = new ComboBox<>(model.filters().models());
    models.setId("catalog-model");
    models.valueProperty().bindBidirectional(model.filters().modelProperty());
    ComboBox<CatalogFilters.Choice> licenses = new ComboBox<>(model.filters().licenses());
    licenses.setId("catalog-license");
    licenses.valueProperty().bindBidirectional(model.filters().licenseProperty());
    ComboBox<CatalogFilters.Status> status =
        new ComboBox<>(
            javafx.collections.FXCollections.observableArrayList(CatalogFilters.Status.values()));
    status.setId("catalog-status");
    status.valueProperty().bindBidirectional(model.filters().statusProperty());
    ComboBox<CatalogFilters.Period> period =
        new ComboBox<>(
            javafx.collections.FXCollections.observableArrayList(CatalogFilters.Period.values()));
    period.setId("catalog-period");
    period.valueProperty().bindBidirectional(model.filters().periodProperty());
    models.setPrefWidth(170);
    licenses.setPrefWidth(190);
    status.setPrefWidth(140);
    period.setPrefWidth(150);
    for (ComboBox<?> box : List.of(models, licenses, status, period)) {
      box.getStyleClass().add("catalog-filter");
      box.setMinWidth(Region.USE_PREF_SIZE);
    }
    search.setMaxWidth(Double.MAX_VALUE);
    HBox filters = new HBox(models, licenses, status, period);
    filters.getStyleClass().add("catalog-filters");
    filters.setAlignment(Pos.CENTER_LEFT);
    VBox bar = new VBox(search, filters);
    bar.getStyleClass().add("catalog-toolbar");
    return bar;
  }

  private ContextMenu contextMenu() {
    MenuItem open =
        new MenuItem("Open file location", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
    open.setId("catalog-open-location");
    open.setOnAction(e -> model.openFileLocation());
    MenuItem export = new MenuItem("Export images…", new FontIcon(MaterialDesignE.EXPORT_VARIANT));
    export.setId("catalog-export");
    export.setOnAction(e -> exportFiles());
    MenuItem car =
        new MenuItem("Export as CAR…", new FontIcon(MaterialDesignP.PACKAGE_VARIANT_CLOSED));
    car.setId("catalog-export-car");
    car.setOnAction(e -> exportCar());
    MenuItem all = new MenuItem("Select all", new FontIcon(MaterialDesignS.SELECT_ALL));
    all.setOnAction(e -> model.selectAll());
    ContextMenu contextMenu = new ContextMenu(open, export, car, new SeparatorMenuItem(), all);
    contextMenu.setOnShowing(
        e -> {
          int n = model.selectedCount();
          export.setText(n > 1 ? "Export " + n + " images…" : "Export image…");
          car.setText(n > 1 ? "Export " + n + " as CAR…" : "Export as CAR…");
          open.setDisable(n == 0);
          export.setDisable(n == 0);
          car.setDisable(n == 0);
        });
    return contextMenu;
  }

  private void exportFiles() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Export images to");
    File folder = chooser.showDialog(grid.getScene().getWindow());
    if (folder != null) {
      model.exportFiles(folder.toPath());
    }
  }

  private void exportCar() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export signed images as a CAR file");
    chooser.setInitialFileName("atelier-export.car");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CAR files", "*.car"));
    File file = chooser.showSaveDialog(grid.getScene().getWindow());
    if (file != null) {
      model.exportCar(file.toPath());
    }
  }

  /** Columns from the width; rows from the count. */
  private void relayout() {
    // The row's side padding (CSS: 14 each side), the list's inset and the vertical scroll bar.
    double usable = grid.getWidth() - 2 * ROW_PADDING - 2 - SCROLL_BAR;
    int fit = Math.max(1, (int) ((usable + GAP) / (CatalogTile.WIDTH + GAP)));
    long total = model.totalProperty().get();
    int rows = (int) ((total + fit - 1) / fit);
    if (fit != columns || rows != grid.getItems().size()) {
      columns = fit;
      grid.getItems().setAll(IntStream.range(0, rows).boxed().toList());
    }
    refreshTiles();
  }

  private void refreshTiles() {
    for (GridRow row : rowCells) {
      row.fill();
    }
  }

  private void onKey(KeyEvent e) {
    boolean shift = e.isShiftDown();
    KeyCode code = e.getCode();
    switch (code) {
      case LEFT -> model.moveFocus(-1, shift);
      case RIGHT -> model.moveFocus(1, shift);
      case UP -> model.moveFocus(-columns, shift);
      case DOWN -> model.moveFocus(columns, shift);
      case PAGE_UP -> model.moveFocus(-columns * visibleRows(), shift);
      case PAGE_DOWN -> model.moveFocus(columns * visibleRows(), shift);
      case HOME -> model.moveFocus(Integer.MIN_VALUE / 2, shift);
      case END -> model.moveFocus(Integer.MAX_VALUE / 2, shift);
      case A -> {
        if (!e.isShortcutDown()) {
          return;
        }
        model.selectAll();
      }
      default -> {
        return;
      }
    }
    e.consume();
  }

  private int visibleRows() {
    return Math.max(1, (int) (grid.getHeight() / grid.getFixedCellSize()));
  }

  private void scrollToFocus(Number focus) {
    int index = focus.intValue();
    if (index < 0 || !(grid.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
      return;
    }
    flow.scrollTo(index / columns);
  }

  /** One row of the grid: {@link #columns} tiles, reused as the list scrolls. */
  private final class GridRow extends ListCell<Integer> {

    private final HBox tiles = new HBox(GAP);

    GridRow() {
      tiles.getStyleClass().add("catalog-row");
      tiles.setAlignment(Pos.TOP_CENTER);
      getStyleClass().add("catalog-row-cell");
      setText(null);
      // Rows never ask for more width than the list has: no horizontal scroll bar.
      setPrefWidth(0);
      rowCells.add(this);
    }

    @Override
    protected void updateItem(Integer row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        return;
      }
      setGraphic(tiles);
      fill();
    }

    void fill() {
      Integer row = getItem();
      if (row == null || isEmpty()) {
        return;
      }
      while (tiles.getChildren().size() < columns) {
        tiles.getChildren().add(newTile());
      }
      if (tiles.getChildren().size() > columns) {
        tiles.getChildren().remove(columns, tiles.getChildren().size());
      }
      long total = model.totalProperty().get();
      for (int c = 0; c < columns; c++) {
        CatalogTile tile = (CatalogTile) tiles.getChildren().get(c);
        int index = row * columns + c;
        if (index >= total) {
          tile.clear();
          continue;
        }
        var item = model.itemAt(index);
        tile.show(
            index,
            item,
            item != null && model.isSelected(item.id()),
            index == model.focusIndexProperty().get(),
            item == null ? "" : model.describe(item));
      }
    }

    private Node newTile() {
      CatalogTile tile = new CatalogTile(thumbnails);
      tile.setOnMouseClicked(
          e -> {
            if (e.getButton() == MouseButton.PRIMARY && tile.index() >= 0) {
              grid.requestFocus();
              model.click(tile.index(), e.isShortcutDown(), e.isShiftDown());
            }
          });
      tile.setOnContextMenuRequested(
          e -> {
            if (tile.index() >= 0) {
              grid.requestFocus();
              model.ensureSelected(tile.index());
              menu.show(tile, e.getScreenX(), e.getScreenY());
            }
            e.consume();
          });
      return tile;
    }
  }
}
