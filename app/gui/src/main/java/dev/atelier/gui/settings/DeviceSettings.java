package dev.atelier.gui.settings;

import atlantafx.base.theme.Styles;
import dev.atelier.engine.EngineRoute;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The Device section of the Settings screen: where generation runs, and the three ways to the
 * engine's libraries, each in plain words with its size and what it needs; then Check, Save and
 * Restart now. Node ids: {@code settings-device-notice}, {@code settings-device-choice}, {@code
 * settings-device-refresh}, {@code settings-device-gpu-problem}, {@code
 * settings-device-route-installed}, {@code settings-device-installs}, {@code
 * settings-device-choose-folder}, {@code settings-device-install-problem}, {@code
 * settings-device-route-downloaded}, {@code settings-device-consent}, {@code
 * settings-device-download}, {@code settings-device-progress}, {@code settings-device-cancel},
 * {@code settings-device-download-status}, {@code settings-device-download-problem}, {@code
 * settings-device-route-bundled}, {@code settings-device-check}, {@code settings-device-checking},
 * {@code settings-device-check-message}, {@code settings-device-save}, {@code
 * settings-device-saved}, {@code settings-device-restart}.
 */
final class DeviceSettings {

  /** Room for one installation with two wrapped problems; the list shows up to three. */
  private static final double INSTALL_ROW_HEIGHT = 100;

  private final DeviceSettingsModel model;
  private final ToggleGroup routes = new ToggleGroup();
  private final VBox root;

  DeviceSettings(DeviceSettingsModel model) {
    this.model = model;
    root =
        new VBox(
            12,
            notice(),
            runsOn(),
            gpuProblem(),
            heading("CUDA libraries"),
            SettingsView.hint(
                "A GPU needs PyTorch's CUDA libraries, which are too big to ship with Atelier."
                    + " There is no Atelier installer with CUDA inside: the only CUDA libraries"
                    + " published for Java (PyTorch 2.5.1, CUDA 12.4) work only with an older"
                    + " engine than Atelier's, and weigh about 2.5 GB. Choose where they come"
                    + " from:"),
            installedRoute(),
            downloadRoute(),
            bundledRoute(),
            checkRow(),
            savedRow());
    root.getStyleClass().add("device-settings");
    selectRoute(model.routeProperty().get());
    model.routeProperty().subscribe(this::selectRoute);
    routes
        .selectedToggleProperty()
        .subscribe(
            toggle -> {
              if (toggle != null) {
                model.routeProperty().set((EngineRoute) toggle.getUserData());
              }
            });
  }

  Node root() {
    return root;
  }

  /** What start-up said about the saved setup (it fell back to the CPU); hidden when nothing. */
  private Node notice() {
    Label notice = new Label(model.startNotice(), new FontIcon(MaterialDesignA.ALERT_OUTLINE));
    notice.setId("settings-device-notice");
    notice.getStyleClass().add("settings-notice");
    notice.setWrapText(true);
    notice.setVisible(!model.startNotice().isEmpty());
    notice.setManaged(notice.isVisible());
    return notice;
  }

  private Node runsOn() {
    ComboBox<DeviceOption> choice = new ComboBox<>(model.devices());
    choice.setId("settings-device-choice");
    choice.valueProperty().bindBidirectional(model.deviceProperty());
    choice.setPrefWidth(540);
    Button refresh = new Button(null, new FontIcon(MaterialDesignR.REFRESH));
    refresh.setId("settings-device-refresh");
    refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    refresh.setTooltip(new javafx.scene.control.Tooltip("Look for GPUs and PyTorch again"));
    refresh.setOnAction(e -> model.refresh());
    return SettingsView.row("Runs on", choice, refresh);
  }

  private Node gpuProblem() {
    Label problem = SettingsView.hint("");
    problem.setId("settings-device-gpu-problem");
    problem.textProperty().bind(model.gpuProblemProperty());
    problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
    problem.managedProperty().bind(problem.visibleProperty());
    return problem;
  }

  private Node installedRoute() {
    ListView<InstallRow> list = new ListView<>(model.installs());
    list.setId("settings-device-installs");
    list.getStyleClass().add("device-installs");
    list.setCellFactory(v -> new InstallCell());
    list.setPlaceholder(new Label("No PyTorch found in the usual pip and conda places."));
    list.prefHeightProperty()
        .bind(
            Bindings.min(3, Bindings.max(1, Bindings.size(model.installs())))
                .multiply(INSTALL_ROW_HEIGHT)
                .add(4));
    list.minHeightProperty().bind(list.prefHeightProperty());
    list.getSelectionModel().select(model.installProperty().get());
    model
        .installProperty()
        .subscribe(
            row -> {
              if (row != list.getSelectionModel().getSelectedItem()) {
                list.getSelectionModel().select(row);
              }
            });
    list.getSelectionModel()
        .selectedItemProperty()
        .subscribe(
            row -> {
              if (row != null && row != model.installProperty().get()) {
                model.installProperty().set(row);
                model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);
              }
            });
    // Clicking the installation already chosen takes this way too.
    list.setOnMouseClicked(
        e -> {
          if (list.getSelectionModel().getSelectedItem() != null) {
            model.routeProperty().set(EngineRoute.INSTALLED_PYTORCH);
          }
        });
    Button choose =
        new Button("Choose folder…", new FontIcon(MaterialDesignF.FOLDER_SEARCH_OUTLINE));
    choose.setId("settings-device-choose-folder");
    choose.setOnAction(e -> chooseFolder());
    Label problem = SettingsView.problem("settings-device-install-problem");
    problem.textProperty().bind(model.installProblemProperty());
    return route(
        EngineRoute.INSTALLED_PYTORCH,
        "settings-device-route-installed",
        "Use a PyTorch already installed",
        "PyTorch "
            + EngineRoute.TORCH_VERSION
            + " built for CUDA "
            + EngineRoute.CUDA_VERSION
            + ", installed with pip or conda (pip install torch=="
            + EngineRoute.TORCH_VERSION
            + " --index-url https://download.pytorch.org/whl/"
            + EngineRoute.CUDA_FLAVOR
            + "). Nothing is downloaded; it needs an NVIDIA driver. Found here:",
        list,
        new HBox(choose),
        problem);
  }

  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("The folder of a PyTorch installation (its torch/lib, or a folder above)");
    File folder = chooser.showDialog(root.getScene().getWindow());
    if (folder != null) {
      model.chooseFolder(folder.toPath());
    }
  }

  private Node downloadRoute() {
    CudaDownloadModel download = model.download();
    CheckBox consent = new CheckBox();
    consent.setId("settings-device-consent");
    consent
        .textProperty()
        .bind(
            Bindings.concat(
                "I agree to download them from DJL's servers (", download.sizeProperty(), ")"));
    consent.selectedProperty().bindBidirectional(download.consentProperty());
    consent.setWrapText(true);
    Button start = new Button("Download", new FontIcon(MaterialDesignD.DOWNLOAD));
    start.setId("settings-device-download");
    start
        .disableProperty()
        .bind(consent.selectedProperty().not().or(download.downloadingProperty()));
    start.setOnAction(e -> download.download());
    ProgressBar progress = new ProgressBar();
    progress.setId("settings-device-progress");
    progress.setPrefWidth(260);
    progress.progressProperty().bind(download.progressProperty());
    Button cancel = new Button("Cancel", new FontIcon(MaterialDesignC.CLOSE));
    cancel.setId("settings-device-cancel");
    cancel.setOnAction(e -> download.cancel());
    for (Node n : new Node[] {progress, cancel}) {
      n.visibleProperty().bind(download.downloadingProperty());
      n.managedProperty().bind(n.visibleProperty());
    }
    HBox buttons = new HBox(10, start, progress, cancel);
    buttons.setAlignment(Pos.CENTER_LEFT);
    Label status = SettingsView.hint("");
    status.setId("settings-device-download-status");
    status.textProperty().bind(download.statusProperty());
    status.visibleProperty().bind(status.textProperty().isNotEmpty());
    status.managedProperty().bind(status.visibleProperty());
    Label problem = SettingsView.problem("settings-device-download-problem");
    problem.textProperty().bind(download.problemProperty());
    return route(
        EngineRoute.DOWNLOADED_CUDA,
        "settings-device-route-downloaded",
        "Download CUDA libraries once",
        "DJL's build of PyTorch "
            + EngineRoute.TORCH_VERSION
            + " for CUDA "
            + EngineRoute.CUDA_VERSION
            + ", downloaded from DJL's servers and kept for every later start. It needs the"
            + " internet once, and an NVIDIA driver.",
        consent,
        buttons,
        status,
        problem);
  }

  private Node bundledRoute() {
    return route(
        EngineRoute.BUNDLED_CPU,
        "settings-device-route-bundled",
        "Built-in CPU libraries",
        "Shipped with Atelier and always there; nothing to download. They run on the CPU only,"
            + " and Atelier falls back to them whenever the CUDA libraries cannot be used.");
  }

  /** One way to the libraries: its radio button, then what it is, then its controls. */
  private VBox route(EngineRoute route, String id, String title, String text, Node... controls) {
    RadioButton button = new RadioButton(title);
    button.setId(id);
    button.setUserData(route);
    button.setToggleGroup(routes);
    button.getStyleClass().add("device-route-title");
    VBox body = new VBox(8, SettingsView.hint(text));
    body.getChildren().addAll(controls);
    body.getStyleClass().add("device-route-body");
    VBox box = new VBox(6, button, body);
    box.getStyleClass().add("device-route");
    return box;
  }

  private void selectRoute(EngineRoute route) {
    for (Toggle toggle : routes.getToggles()) {
      if (toggle.getUserData() == route && !toggle.isSelected()) {
        routes.selectToggle(toggle);
      }
    }
  }

  private Node checkRow() {
    Button check = new Button("Check", new FontIcon(MaterialDesignC.CHECK_CIRCLE_OUTLINE));
    check.setId("settings-device-check");
    check.disableProperty().bind(model.checkingProperty());
    check.setOnAction(e -> model.check());
    ProgressIndicator checking = new ProgressIndicator();
    checking.setId("settings-device-checking");
    checking.setPrefSize(22, 22);
    checking.visibleProperty().bind(model.checkingProperty());
    checking.managedProperty().bind(checking.visibleProperty());
    Label message = new Label();
    message.setId("settings-device-check-message");
    message.setWrapText(true);
    message.setMinWidth(0);
    message.textProperty().bind(model.checkMessageProperty());
    model
        .checkFailedProperty()
        .subscribe(
            failed -> {
              message.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
              message.getStyleClass().add(failed ? Styles.DANGER : Styles.SUCCESS);
            });
    Button save = new Button("Save", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
    save.setId("settings-device-save");
    save.getStyleClass().add(Styles.ACCENT);
    save.disableProperty().bind(model.canSaveBinding().not());
    save.setOnAction(e -> model.save());
    HBox row = new HBox(10, check, save, checking, message);
    row.setAlignment(Pos.CENTER_LEFT);
    VBox box =
        new VBox(
            8,
            row,
            SettingsView.hint(
                "Check loads the engine with the chosen libraries in a separate process, so a"
                    + " failure leaves the studio running as it is. Only a setup that passed can"
                    + " be saved; it applies when Atelier starts next."));
    box.getStyleClass().add("device-check");
    return box;
  }

  private Node savedRow() {
    Label saved = new Label();
    saved.setId("settings-device-saved");
    saved.setWrapText(true);
    saved.setMinWidth(0);
    saved.getStyleClass().add("setting-value");
    saved.textProperty().bind(model.saveMessageProperty());
    Button restart = new Button("Restart now", new FontIcon(MaterialDesignR.RESTART));
    restart.setId("settings-device-restart");
    restart.visibleProperty().bind(model.restartOfferedProperty());
    restart.managedProperty().bind(restart.visibleProperty());
    restart.setOnAction(e -> model.restart());
    restart.setMinWidth(Region.USE_PREF_SIZE);
    HBox.setHgrow(saved, Priority.ALWAYS);
    HBox row = new HBox(12, saved, restart);
    row.setAlignment(Pos.CENTER_LEFT);
    row.visibleProperty().bind(saved.textProperty().isNotEmpty());
    row.managedProperty().bind(row.visibleProperty());
    return row;
  }

  private static Label heading(String text) {
    Label heading = new Label(text);
    heading.getStyleClass().addAll(Styles.TEXT_BOLD, "device-heading");
    return heading;
  }

  /** An installation: where it is, then "Usable: …" or its problems. */
  private static final class InstallCell extends ListCell<InstallRow> {
    private final Label title = new Label();
    private final Label status = new Label();
    private final VBox box = new VBox(2, title, status);

    InstallCell() {
      title.getStyleClass().add("setting-path");
      status.getStyleClass().add("device-install-status");
      title.setMinWidth(0);
      status.setMinWidth(0);
      status.setWrapText(true);
      // Wrapped to the list's width: the problems are sentences to read, not to scroll sideways.
      // A cell that prefers no width takes the list's, and the label then grows downwards.
      status.setMinHeight(Region.USE_PREF_SIZE);
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(InstallRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        setTooltip(null);
        return;
      }
      title.setText(row.title());
      status.setText(row.status());
      status.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
      status.getStyleClass().add(row.usable() ? Styles.SUCCESS : Styles.DANGER);
      setTooltip(new javafx.scene.control.Tooltip(row.title() + "\n" + row.status()));
      setGraphic(box);
    }
  }
}
