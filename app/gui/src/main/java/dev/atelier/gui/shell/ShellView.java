package dev.atelier.gui.shell;

import dev.atelier.gui.catalog.CatalogView;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.generate.GenerateView;
import dev.atelier.gui.inspector.InspectorView;
import dev.atelier.gui.settings.SettingsView;
import dev.atelier.gui.wallet.WalletView;
import java.util.EnumMap;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The main window's layout: navigation rail on the left, the current screen in the middle, status
 * bar at the bottom. Node ids: {@code nav-<screen>} for the rail's buttons, {@code screen-<screen>}
 * for each screen, {@code status-engine} and {@code status-catalog} in the status bar. The catalog
 * screen holds the catalog and the inspector side by side; toasts float over the screens.
 */
public final class ShellView {

  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass LOADING = PseudoClass.getPseudoClass("loading");

  private final ShellViewModel model;
  private final BorderPane root = new BorderPane();
  private final StackPane screenHost = new StackPane();
  private final Map<Screen, Node> screens = new EnumMap<>(Screen.class);
  private final Map<Screen, ToggleButton> navButtons = new EnumMap<>(Screen.class);

  public ShellView(ShellViewModel model) {
    this.model = model;

    root.getStyleClass().add("app-shell");
    root.setLeft(navigationRail());
    root.setCenter(new StackPane(screenHost, new ToastLayer(model.notices()).root()));
    root.setBottom(statusBar());

    model.currentScreenProperty().addListener((obs, old, screen) -> showScreen(screen));
    showScreen(model.currentScreen());
  }

  public Parent root() {
    return root;
  }

  /** Adds the Ctrl+1..4 (Cmd on macOS) screen shortcuts to {@code scene}. */
  public void installShortcuts(Scene scene) {
    for (Screen screen : Screen.values()) {
      scene.getAccelerators().put(shortcut(screen), () -> model.showNumber(screen.number()));
    }
  }

  private static KeyCombination shortcut(Screen screen) {
    return new KeyCodeCombination(
        KeyCode.getKeyCode(Integer.toString(screen.number())), KeyCombination.SHORTCUT_DOWN);
  }

  private void showScreen(Screen screen) {
    if (screen == null) {
      screenHost.getChildren().clear();
      return;
    }
    screenHost.getChildren().setAll(screens.computeIfAbsent(screen, this::build));
    navButtons.get(screen).setSelected(true);
  }

  /**
   * A screen's view, built the first time it is shown: the first window builds only the screen it
   * opens on, so it appears sooner.
   */
  private Node build(Screen screen) {
    Node node =
        switch (screen) {
          case GENERATE -> new GenerateView(model.generate(), model.batch()).root();
          case CATALOG -> catalogAndInspector();
          case WALLET -> new WalletView(model.wallet()).root();
          case SETTINGS -> new SettingsView(model.settings()).root();
        };
    node.setId("screen-" + screen.key());
    return node;
  }

  private Node catalogAndInspector() {
    SplitPane split =
        new SplitPane(
            new CatalogView(model.catalog()).root(), new InspectorView(model.inspector()).root());
    split.setDividerPositions(0.68);
    split.getStyleClass().add("catalog-split");
    return split;
  }

  private VBox navigationRail() {
    FontIcon brandIcon = new FontIcon(MaterialDesignP.PALETTE);
    StackPane brand = new StackPane(brandIcon);
    brand.getStyleClass().add("brand-mark");
    Tooltip.install(brand, new Tooltip("Atelier"));
    VBox.setMargin(brand, new Insets(0, 0, 14, 0));

    ToggleGroup group = new ToggleGroup();
    for (Screen screen : Screen.values()) {
      navButtons.put(screen, navButton(screen, group));
    }
    Region spacer = new Region();
    VBox.setVgrow(spacer, Priority.ALWAYS);

    VBox rail =
        new VBox(
            brand,
            navButtons.get(Screen.GENERATE),
            navButtons.get(Screen.CATALOG),
            navButtons.get(Screen.WALLET),
            spacer,
            navButtons.get(Screen.SETTINGS));
    rail.getStyleClass().add("nav-rail");
    rail.setAlignment(Pos.TOP_CENTER);
    return rail;
  }

  private ToggleButton navButton(Screen screen, ToggleGroup group) {
    ToggleButton button = new ToggleButton(screen.title(), new FontIcon(icon(screen)));
    button.setId("nav-" + screen.key());
    button.getStyleClass().add("nav-button");
    button.setContentDisplay(ContentDisplay.TOP);
    button.setToggleGroup(group);
    button.setFocusTraversable(false);
    button.setTooltip(new Tooltip(screen.title() + " (" + shortcut(screen).getDisplayText() + ")"));
    // A rail button always shows its screen; clicking the current one must not unselect it.
    button.setOnAction(
        e -> {
          button.setSelected(true);
          model.show(screen);
        });
    return button;
  }

  private static Ikon icon(Screen screen) {
    return switch (screen) {
      case GENERATE -> MaterialDesignC.CREATION;
      case CATALOG -> MaterialDesignI.IMAGE_MULTIPLE;
      case WALLET -> MaterialDesignW.WALLET;
      case SETTINGS -> MaterialDesignC.COG;
    };
  }

  private HBox statusBar() {
    Label engine = new Label();
    engine.setId("status-engine");
    engine.getStyleClass().add("status-engine");
    engine.setGraphic(new FontIcon(MaterialDesignC.CHIP));
    engine.textProperty().bind(model.engine().text());
    model
        .engine()
        .statusProperty()
        .subscribe(
            status -> {
              engine.pseudoClassStateChanged(FAILED, status instanceof EngineStatus.Failed);
              engine.pseudoClassStateChanged(LOADING, status instanceof EngineStatus.Loading);
            });

    Label catalog = new Label(model.catalogLocation());
    catalog.setId("status-catalog");
    catalog.setGraphic(new FontIcon(MaterialDesignD.DATABASE));
    catalog.setTooltip(new Tooltip("Catalog file: " + model.catalogLocation()));
    catalog.setMinWidth(0);
    engine.setMinWidth(0);
    engine.setTooltip(new Tooltip());
    engine.getTooltip().textProperty().bind(engine.textProperty());

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Label version = new Label("Atelier " + model.version());
    version.setMinWidth(Region.USE_PREF_SIZE);

    HBox bar = new HBox(engine, separator(), catalog, spacer, version);
    bar.getStyleClass().add("status-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  private static Region separator() {
    Region line = new Region();
    line.getStyleClass().add("status-separator");
    return line;
  }
}
