package dev.atelier.gui.settings;

import atlantafx.base.theme.Styles;
import dev.atelier.chain.Network;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.common.ScreenHeader;
import dev.atelier.gui.theme.Theme;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The Settings screen: appearance, generation, networks (with the local devnet), IPFS, wallet, data
 * locations and version. Node ids: {@code theme-choice}, {@code settings-models}, {@code
 * settings-engine}, {@code settings-threads}, the Device section's ({@link DeviceSettings}), {@code
 * network-table}, {@code network-new}, {@code network-edit}, {@code network-remove}, {@code
 * network-name}, {@code network-chain-id}, {@code network-url}, {@code network-save}, {@code
 * network-problem}, {@code devnet-status}, {@code devnet-start}, {@code devnet-stop}, {@code
 * settings-ipfs}, {@code settings-ipfs-save}, {@code settings-auto-lock}, {@code settings-config},
 * {@code settings-data}, {@code settings-catalog}, {@code settings-themes}, {@code
 * settings-version}.
 */
public final class SettingsView {

  private static final double ROW_HEIGHT = 34;

  private final SettingsViewModel model;
  private final ScrollPane root;

  public SettingsView(SettingsViewModel model) {
    this.model = model;
    VBox page =
        new VBox(
            new ScreenHeader(
                "Settings", "How Atelier looks, generates, mints, and where it keeps your work."),
            appearance(),
            generation());
    model
        .device()
        .ifPresent(
            d ->
                page.getChildren()
                    .add(
                        section(
                            MaterialDesignE.EXPANSION_CARD,
                            "Device",
                            new DeviceSettings(d).root())));
    page.getChildren().addAll(networks(), publishing(), locations(), about());
    page.getStyleClass().add("screen");
    root = new ScrollPane(page);
    root.setFitToWidth(true);
    root.getStyleClass().add("screen-scroll");
  }

  public Parent root() {
    return root;
  }

  private Node appearance() {
    ComboBox<Theme> choice = new ComboBox<>();
    choice.setId("theme-choice");
    choice.getItems().setAll(model.themes());
    choice.setConverter(new ThemeNames());
    choice.valueProperty().bindBidirectional(model.themeProperty());
    choice.setPrefWidth(240);

    Label hint =
        hint(
            "To add a theme, put a .css file in "
                + model.userThemesFolder()
                + " that starts with /* atelier-theme: name=My theme; base=dark */"
                + " (base: light or dark). Themes are read when Atelier starts.");
    return section(MaterialDesignT.THEME_LIGHT_DARK, "Appearance", row("Theme", choice), hint);
  }

  private Node generation() {
    Label models = path("settings-models", model.modelsFolder().toString());
    Button openModels = openButton(model.modelsFolder(), "Open the model folder");
    HBox modelsRow = row("Your models", models, openModels);

    Label engine = new Label();
    engine.setId("settings-engine");
    engine.getStyleClass().add("setting-value");
    engine.textProperty().bind(model.engineText());

    Spinner<Integer> threads = new Spinner<>(1, model.maxThreads(), 1);
    threads.setId("settings-threads");
    threads.setEditable(true);
    threads.setPrefWidth(110);
    threads.getValueFactory().setValue(model.threadsProperty().get());
    threads.valueProperty().subscribe(model.threadsProperty()::set);
    Button saveThreads = new Button("Save");
    saveThreads.setId("settings-threads-save");
    saveThreads.setOnAction(e -> model.saveThreads());

    VBox content = new VBox(10, modelsRow);
    model
        .bundledModelsFolder()
        .ifPresent(
            p -> content.getChildren().add(row("Built-in models", path(null, p.toString()))));
    content
        .getChildren()
        .addAll(
            row("Engine", engine),
            row("CPU threads", threads, saveThreads),
            hint(
                "Put a model folder (with its model.json) into your models folder; Atelier finds"
                    + " it at the next start. Fewer threads keep the computer responsive while"
                    + " generating; the change applies when Atelier starts next."));
    return section(MaterialDesignC.CHIP, "Generation", content);
  }

  private Node networks() {
    NetworkSettings networks = model.networks();
    TableView<NetworkRow> table = networkTable(networks);
    NetworkForm form = new NetworkForm(networks);
    HBox tableButtons = tableButtons(table, networks, form);
    LoadStatePane list =
        new LoadStatePane(
            networks.stateProperty(), table, new Label("No networks"), networks.errorProperty());
    return section(
        MaterialDesignW.WEB,
        "Networks",
        hint(
            "Where you mint. RPC URLs are shown without their path, where providers put API"
                + " keys. A URL is saved only once its node answers with the chain id given."),
        list,
        tableButtons,
        form.root(),
        devnetRow(),
        devnetAutostart(),
        hint(
            "The local devnet is Atelier's own test chain (Anvil): free test ether, kept between"
                + " starts. Its entry above is filled in when it starts; it stops when Atelier"
                + " closes and its chain is kept."));
  }

  /** The networks: name, chain id and the RPC URL without its path. */
  private static TableView<NetworkRow> networkTable(NetworkSettings networks) {
    TableView<NetworkRow> table = new TableView<>(networks.rows());
    table.setId("network-table");
    table.getStyleClass().addAll("network-table", Styles.STRIPED);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setFixedCellSize(ROW_HEIGHT);
    table
        .prefHeightProperty()
        .bind(Bindings.size(networks.rows()).add(1).multiply(ROW_HEIGHT).add(12));
    table.minHeightProperty().bind(table.prefHeightProperty());
    table.setPlaceholder(new Label("No networks"));
    TableColumn<NetworkRow, String> name = new TableColumn<>("Name");
    name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
    name.setPrefWidth(200);
    name.setMaxWidth(260);
    TableColumn<NetworkRow, Long> chain = new TableColumn<>("Chain id");
    chain.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().chainId()));
    chain.setPrefWidth(120);
    chain.setMaxWidth(140);
    TableColumn<NetworkRow, String> url = new TableColumn<>("RPC URL");
    url.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().shownUrl()));
    table.getColumns().add(name);
    table.getColumns().add(chain);
    table.getColumns().add(url);
    return table;
  }

  /**
   * New, Edit and Remove under the table; Enter or a double click edits the chosen network, Delete
   * removes it. The local devnet's entry is neither edited nor removed here.
   */
  private static HBox tableButtons(
      TableView<NetworkRow> table, NetworkSettings networks, NetworkForm form) {
    var selected = table.getSelectionModel().selectedItemProperty();
    Runnable editSelected =
        () -> {
          NetworkRow row = selected.get();
          if (row != null && !row.localDevnet()) {
            form.edit(row);
          }
        };
    Button newButton = new Button("New", new FontIcon(MaterialDesignP.PLUS));
    newButton.setId("network-new");
    newButton.setOnAction(
        e -> {
          table.getSelectionModel().clearSelection();
          form.reset();
          form.focus();
        });
    Button edit = new Button("Edit", new FontIcon(MaterialDesignP.PENCIL));
    edit.setId("network-edit");
    Button remove = new Button("Remove", new FontIcon(MaterialDesignD.DELETE_OUTLINE));
    remove.setId("network-remove");
    remove.getStyleClass().add(Styles.DANGER);
    var notEditable =
        Bindings.createBooleanBinding(
            () -> selected.get() == null || selected.get().localDevnet(), selected);
    edit.disableProperty().bind(notEditable);
    remove.disableProperty().bind(notEditable);
    edit.setOnAction(e -> editSelected.run());
    remove.setOnAction(
        e -> {
          NetworkRow row = selected.get();
          if (row != null) {
            networks.remove(row.name());
            form.reset();
          }
        });
    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            editSelected.run();
          } else if (e.getCode() == KeyCode.DELETE && !remove.isDisabled()) {
            remove.fire();
          }
        });
    table.setRowFactory(
        t -> {
          var row = new TableRow<NetworkRow>();
          row.setOnMouseClicked(
              e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                  editSelected.run();
                }
              });
          return row;
        });
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    return new HBox(8, spacer, newButton, edit, remove);
  }

  /** The local devnet: a read-only entry, started and stopped here. */
  private HBox devnetRow() {
    Label devnetStatus = new Label();
    devnetStatus.setId("devnet-status");
    devnetStatus.getStyleClass().add("setting-value");
    devnetStatus.textProperty().bind(model.devnetStatusProperty());
    devnetStatus.setWrapText(true);
    Button start = new Button("Start", new FontIcon(MaterialDesignP.PLAY));
    start.setId("devnet-start");
    start.disableProperty().bind(model.devnetRunningProperty().or(model.devnetBusyProperty()));
    start.setOnAction(e -> model.startDevnet());
    Button stop = new Button("Stop", new FontIcon(MaterialDesignS.STOP));
    stop.setId("devnet-stop");
    stop.disableProperty().bind(model.devnetRunningProperty().not().or(model.devnetBusyProperty()));
    stop.setOnAction(e -> model.stopDevnet());
    return row(Network.LOCAL_DEVNET, devnetStatus, start, stop);
  }

  private HBox devnetAutostart() {
    CheckBox autostart = new CheckBox("Start it with Atelier");
    autostart.setId("devnet-autostart");
    autostart.selectedProperty().bindBidirectional(model.devnetAutostartProperty());
    return row("", autostart);
  }

  private Node publishing() {
    TextField ipfs = new TextField();
    ipfs.setId("settings-ipfs");
    ipfs.setPromptText("http://127.0.0.1:5001 (empty: pin nothing)");
    ipfs.setPrefColumnCount(30);
    ipfs.textProperty().bindBidirectional(model.ipfsUrlProperty());
    Button saveIpfs = new Button("Save");
    saveIpfs.setId("settings-ipfs-save");
    saveIpfs.setOnAction(e -> model.saveIpfsUrl());
    ipfs.setOnAction(e -> model.saveIpfsUrl());
    Label ipfsProblem = problem("settings-ipfs-problem");
    ipfsProblem.textProperty().bind(model.ipfsProblemProperty());

    Spinner<Integer> autoLock =
        new Spinner<>(
            1, SettingsViewModel.MAX_AUTO_LOCK_MINUTES, SettingsViewModel.defaultAutoLockMinutes());
    autoLock.setId("settings-auto-lock");
    autoLock.setEditable(true);
    autoLock.setPrefWidth(110);
    autoLock.getValueFactory().setValue(model.autoLockMinutesProperty().get());
    autoLock.valueProperty().subscribe(model.autoLockMinutesProperty()::set);
    Label minutes = new Label("minutes unused");
    minutes.getStyleClass().add("setting-hint");
    Button saveLock = new Button("Save");
    saveLock.setId("settings-auto-lock-save");
    saveLock.setOnAction(e -> model.saveAutoLock());

    return section(
        MaterialDesignL.LOCK_OUTLINE,
        "IPFS and wallet",
        row("IPFS node API", ipfs, saveIpfs),
        ipfsProblem,
        hint("With your own IPFS node (Kubo), minting pins each image and its metadata there."),
        row("Auto-lock after", autoLock, minutes, saveLock),
        hint(
            "An unlocked account signs without asking for its password until it locks. The"
                + " change applies when Atelier starts next."));
  }

  private Node locations() {
    GridPane grid = new GridPane();
    grid.getStyleClass().add("setting-grid");
    addLocation(grid, 0, "Data folder", "settings-data", model.dataPath());
    addLocation(grid, 1, "Catalog", "settings-catalog", null, model.catalogFile());
    addLocation(
        grid, 2, "Settings file", "settings-config", model.configPath(), model.settingsFile());
    addLocation(grid, 3, "Custom themes", "settings-themes", null, model.userThemesFolder());
    return section(
        MaterialDesignF.FOLDER_OUTLINE,
        "Data locations",
        grid,
        hint(
            "The data folder holds the catalog, your images, the wallet's encrypted keystores and"
                + " the local devnet. Back it up to keep your work; to move it, start Atelier"
                + " with ATELIER_HOME set to another folder."));
  }

  private void addLocation(GridPane grid, int row, String name, String id, Path folder) {
    addLocation(grid, row, name, id, folder, folder.toString());
  }

  private void addLocation(
      GridPane grid, int row, String name, String id, Path openable, String shown) {
    Label key = new Label(name);
    key.getStyleClass().add("setting-name");
    Label value = path(id, shown);
    grid.add(key, 0, row);
    grid.add(value, 1, row);
    if (openable != null) {
      grid.add(openButton(openable, "Open in the file manager"), 2, row);
    }
  }

  private Node about() {
    Label version = new Label(model.version());
    version.setId("settings-version");
    version.getStyleClass().add("setting-value");
    Label runtime = new Label(model.runtime());
    runtime.getStyleClass().add("setting-hint");
    return section(MaterialDesignI.INFORMATION_OUTLINE, "About", version, runtime);
  }

  // ---- helpers

  private Button openButton(Path folder, String tip) {
    Button open = new Button(null, new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
    open.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    open.setTooltip(new Tooltip(tip));
    open.setOnAction(e -> model.openFolder(folder));
    return open;
  }

  private static Label path(String id, String text) {
    Label value = new Label(text);
    if (id != null) {
      value.setId(id);
    }
    value.getStyleClass().add("setting-path");
    value.setTooltip(new Tooltip(text));
    value.setMinWidth(0);
    return value;
  }

  static Label name(String text, javafx.scene.control.Control field) {
    Label key = new Label(text);
    key.getStyleClass().add("setting-name");
    key.setLabelFor(field);
    return key;
  }

  static HBox row(String name, Node... controls) {
    Label label = new Label(name);
    label.getStyleClass().add("setting-name");
    if (controls.length > 0 && controls[0] instanceof javafx.scene.control.Control c) {
      label.setLabelFor(c);
    }
    HBox row = new HBox(label);
    row.getChildren().addAll(controls);
    row.getStyleClass().add("setting-row");
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  static Label hint(String text) {
    Label hint = new Label(text);
    hint.getStyleClass().add("setting-hint");
    hint.setWrapText(true);
    return hint;
  }

  static Label problem(String id) {
    Label l = new Label();
    l.setId(id);
    l.getStyleClass().addAll(Styles.DANGER, "settings-problem");
    l.setWrapText(true);
    l.visibleProperty().bind(l.textProperty().isNotEmpty());
    l.managedProperty().bind(l.visibleProperty());
    return l;
  }

  private static VBox section(Ikon icon, String title, Node... content) {
    Label heading = new Label(title, new FontIcon(icon));
    heading.getStyleClass().add("section-title");
    VBox section = new VBox(heading);
    section.getChildren().addAll(content);
    section.getStyleClass().add("settings-section");
    return section;
  }

  /** Shows built-in themes by name and marks the user's own. */
  private static final class ThemeNames extends StringConverter<Theme> {
    @Override
    public String toString(Theme theme) {
      if (theme == null) {
        return "";
      }
      return theme.builtIn() ? theme.name() : theme.name() + " (custom)";
    }

    @Override
    public Theme fromString(String text) {
      throw new UnsupportedOperationException("the theme chooser is not editable");
    }
  }
}
