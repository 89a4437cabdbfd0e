package dev.atelier.gui.generate;

import static dev.atelier.gui.generate.ViewParts.showWhen;

import atlantafx.base.theme.Styles;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.gui.generate.CheckpointImportModel.Step;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * The "Add model…" dialog over a {@link CheckpointImportModel}: choose a file or folder, see what
 * was found, name it and state its license, import with a progress bar, then the hashes. Enter
 * imports; Escape cancels a running import, else closes. Closing cancels a running import.
 *
 * <p>Node ids: {@code add-model-file}, {@code add-model-folder}, {@code add-model-source}, {@code
 * add-model-found}, {@code add-model-problem}, {@code add-model-name}, {@code add-model-license},
 * {@code add-model-progress}, {@code add-model-progress-text}, {@code add-model-note}, {@code
 * add-model-done}, {@code add-model-short-hash}, {@code add-model-sha256}, {@code
 * add-model-copy-short}, {@code add-model-copy-sha}, {@code add-model-import}, {@code
 * add-model-close}.
 */
final class AddModelDialog {

  /** Licenses model pages often name; any text may be typed. */
  private static final List<String> LICENSES =
      List.of("CreativeML-OpenRAIL-M", "CC0-1.0", "CC-BY-4.0", "CC-BY-NC-4.0", "Apache-2.0", "MIT");

  private final CheckpointImportModel model;
  private final ModelSourceChooser chooser;
  private final Dialog<ButtonType> dialog = new Dialog<>();

  private AddModelDialog(Window owner, CheckpointImportModel model, ModelSourceChooser chooser) {
    this.model = model;
    this.chooser = chooser;
    dialog.initOwner(owner);
    dialog.setTitle("Add model");
    dialog.setResizable(true);
    dialog.getDialogPane().getStyleClass().add("add-model-dialog");
    dialog.getDialogPane().setContent(content());
    buttons();
    if (owner != null && owner.getScene() != null) {
      // The studio's theme: its stylesheets on the dialog's own scene.
      List<String> sheets = List.copyOf(owner.getScene().getStylesheets());
      dialog
          .getDialogPane()
          .sceneProperty()
          .subscribe(
              (Scene scene) -> {
                if (scene != null) {
                  scene.getStylesheets().setAll(sheets);
                }
              });
    }
    dialog.setOnHidden(e -> model.close());
    // Parts appear and go with the steps: the window follows the content's height.
    model.stepProperty().subscribe(step -> fit());
    model.problemProperty().subscribe(text -> fit());
    model.noteProperty().subscribe(text -> fit());
  }

  /**
   * Sizes the window to the content at its current width. (The dialog's own preferred height is
   * taken at no width, where wrapped lines count as one, so it comes out too short.)
   */
  private void fit() {
    Platform.runLater(
        () -> {
          DialogPane pane = dialog.getDialogPane();
          Scene scene = pane.getScene();
          if (scene == null || scene.getWindow() == null || !scene.getWindow().isShowing()) {
            return;
          }
          pane.applyCss(); // parts shown for the first time get their skins first
          double width = pane.getWidth() > 0 ? pane.getWidth() : pane.prefWidth(-1);
          pane.setPrefHeight(Region.USE_COMPUTED_SIZE);
          pane.setPrefHeight(pane.prefHeight(width));
          scene.getWindow().sizeToScene();
        });
  }

  /** Shows the dialog for {@code model} and returns when it is closed. */
  static void show(Window owner, CheckpointImportModel model, ModelSourceChooser chooser) {
    AddModelDialog d = new AddModelDialog(owner, model, chooser);
    d.dialog.showAndWait();
  }

  private Node content() {
    Label title = new Label("Add a Stable Diffusion model");
    title.getStyleClass().add("add-model-title");
    Label intro =
        new Label(
            "Choose a Stable Diffusion 1.x checkpoint: a .safetensors file, or a diffusers folder."
                + " Atelier uses it where it is (nothing is copied) and records its SHA-256, which"
                + " every image you make with it names.");
    intro.getStyleClass().add("add-model-hint");
    intro.setWrapText(true);
    intro.setMinHeight(Label.USE_PREF_SIZE);

    VBox box =
        new VBox(
            title, intro, choices(), source(), problem(), fields(), progress(), note(), done());
    box.getStyleClass().add("add-model-content");
    box.setPrefWidth(560);
    return box;
  }

  // ---- choosing -------------------------------------------------------------------------

  private Node choices() {
    Button file = new Button("Choose file…", new FontIcon(MaterialDesignF.FILE_OUTLINE));
    file.setId("add-model-file");
    file.setTooltip(new Tooltip("A single .safetensors checkpoint, as model sites offer them"));
    file.setOnAction(e -> chooser.file(owner()).ifPresent(model::choose));
    Button folder = new Button("Choose folder…", new FontIcon(MaterialDesignF.FOLDER_OUTLINE));
    folder.setId("add-model-folder");
    folder.setTooltip(
        new Tooltip("A diffusers model folder, with unet, vae, text_encoder and tokenizer"));
    folder.setOnAction(e -> chooser.folder(owner()).ifPresent(model::choose));
    HBox row = new HBox(8, file, folder);
    row.disableProperty().bind(model.busyProperty());
    showWhen(row, model.stepProperty().isNotEqualTo(Step.DONE));
    Platform.runLater(file::requestFocus);
    return row;
  }

  private Window owner() {
    return dialog.getDialogPane().getScene().getWindow();
  }

  /** The chosen file or folder, and what it is (or that it is being read). */
  private Node source() {
    Label name = new Label();
    name.setId("add-model-source");
    name.getStyleClass().add("add-model-source");
    name.setGraphic(new FontIcon(MaterialDesignF.FILE_CHECK_OUTLINE));
    name.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> fileName(model.sourceProperty().get()), model.sourceProperty()));
    Tooltip where = new Tooltip();
    where.textProperty().bind(Bindings.convert(model.sourceProperty()));
    name.setTooltip(where);

    Label found = new Label();
    found.setId("add-model-found");
    found.getStyleClass().add("add-model-found");
    found.setWrapText(true);
    ProgressIndicator reading = new ProgressIndicator(-1);
    reading.getStyleClass().add("add-model-spinner");
    found
        .graphicProperty()
        .bind(
            Bindings.when(model.stepProperty().isEqualTo(Step.INSPECTING))
                .then((Node) reading)
                .otherwise((Node) new FontIcon(MaterialDesignC.CHECK_CIRCLE_OUTLINE)));
    found
        .textProperty()
        .bind(
            Bindings.when(model.stepProperty().isEqualTo(Step.INSPECTING))
                .then("Reading the checkpoint…")
                .otherwise(model.foundProperty()));

    VBox card = new VBox(4, name, found);
    card.getStyleClass().add("add-model-card");
    showWhen(card, model.sourceProperty().isNotNull());
    return card;
  }

  private static String fileName(Path path) {
    return path == null || path.getFileName() == null ? "" : path.getFileName().toString();
  }

  private Node problem() {
    Label problem = new Label();
    problem.setId("add-model-problem");
    problem.getStyleClass().add("generate-problem");
    problem.setWrapText(true);
    problem.setMinHeight(Label.USE_PREF_SIZE);
    problem.setGraphic(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
    problem.textProperty().bind(model.problemProperty());
    showWhen(problem, model.problemProperty().isNotEmpty());
    return problem;
  }

  // ---- name, license, progress ----------------------------------------------------------

  private Node fields() {
    TextField name = new TextField();
    name.setId("add-model-name");
    name.setPromptText("Taken from the file name when empty");
    name.textProperty().bindBidirectional(model.nameProperty());
    ComboBox<String> license = new ComboBox<>();
    license.setId("add-model-license");
    license.setEditable(true);
    license.getItems().setAll(LICENSES);
    license.setPromptText("As the model's page states it (optional)");
    license.setMaxWidth(Double.MAX_VALUE);
    license.getEditor().textProperty().bindBidirectional(model.licenseProperty());

    GridPane grid = new GridPane();
    grid.getStyleClass().add("add-model-grid");
    Label nameLabel = new Label("Name");
    nameLabel.setLabelFor(name);
    Label licenseLabel = new Label("License");
    licenseLabel.setLabelFor(license);
    grid.addRow(0, nameLabel, name);
    grid.addRow(1, licenseLabel, license);
    GridPane.setHgrow(name, Priority.ALWAYS);
    GridPane.setHgrow(license, Priority.ALWAYS);
    Label hint =
        new Label(
            "The license is recorded with the model and named in the provenance of the images"
                + " you make; leave it empty if you do not know it.");
    hint.getStyleClass().add("add-model-hint");
    hint.setWrapText(true);
    hint.setMinHeight(Label.USE_PREF_SIZE);
    VBox box = new VBox(6, grid, hint);
    BooleanBinding shown =
        model
            .stepProperty()
            .isEqualTo(Step.READY)
            .or(model.stepProperty().isEqualTo(Step.IMPORTING))
            .or(model.stepProperty().isEqualTo(Step.CANCELLING));
    showWhen(box, shown);
    box.disableProperty().bind(model.stepProperty().isNotEqualTo(Step.READY));
    return box;
  }

  private Node progress() {
    ProgressBar bar = new ProgressBar();
    bar.setId("add-model-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(model.progressProperty());
    Label text = new Label();
    text.setId("add-model-progress-text");
    text.getStyleClass().add("add-model-hint");
    text.textProperty().bind(model.progressTextProperty());
    VBox box = new VBox(6, bar, text);
    showWhen(
        box,
        model
            .stepProperty()
            .isEqualTo(Step.IMPORTING)
            .or(model.stepProperty().isEqualTo(Step.CANCELLING)));
    return box;
  }

  private Node note() {
    Label note = new Label();
    note.setId("add-model-note");
    note.getStyleClass().add("add-model-hint");
    note.setWrapText(true);
    note.setGraphic(new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
    note.textProperty().bind(model.noteProperty());
    showWhen(note, model.noteProperty().isNotEmpty());
    return note;
  }

  // ---- done -----------------------------------------------------------------------------

  private Node done() {
    Label added = new Label();
    added.getStyleClass().add("add-model-added");
    added.setGraphic(new FontIcon(MaterialDesignC.CHECK_CIRCLE));
    added.setWrapText(true);
    Label shortHash = new Label();
    shortHash.setId("add-model-short-hash");
    shortHash.getStyleClass().add("add-model-short-hash");
    TextField sha = new TextField();
    sha.setId("add-model-sha256");
    sha.setEditable(false);
    sha.getStyleClass().add("add-model-sha");
    HBox.setHgrow(sha, Priority.ALWAYS);
    model
        .importedProperty()
        .subscribe(
            (CheckpointImport.Imported r) -> {
              added.setText(
                  r == null
                      ? ""
                      : "Added " + r.model().id() + ", " + r.detected().description() + ".");
              shortHash.setText(r == null ? "" : r.shortHash());
              sha.setText(r == null ? "" : r.sha256());
            });

    Label shortLabel = new Label("Short hash");
    shortLabel.setLabelFor(shortHash);
    HBox shortRow =
        new HBox(12, shortLabel, shortHash, copyButton("add-model-copy-short", shortHash::getText));
    shortRow.setAlignment(Pos.CENTER_LEFT);
    Label shaLabel = new Label("SHA-256, the weights hash each image's provenance records");
    shaLabel.setLabelFor(sha);
    HBox shaRow = new HBox(8, sha, copyButton("add-model-copy-sha", sha::getText));
    shaRow.setAlignment(Pos.CENTER_LEFT);
    VBox hashes = new VBox(6, shortRow, shaLabel, shaRow);
    Label hint =
        new Label(
            "The short hash is the one model sites show next to a file: compare them to be sure"
                + " it is the model you meant. It is chosen in the model picker now; loading it"
                + " checks the file again and reads its weights, a few seconds per gigabyte.");
    hint.getStyleClass().add("add-model-hint");
    hint.setWrapText(true);
    hint.setMinHeight(Label.USE_PREF_SIZE);
    VBox box = new VBox(10, added, hashes, hint);
    box.setId("add-model-done");
    showWhen(box, model.stepProperty().isEqualTo(Step.DONE));
    return box;
  }

  private static Button copyButton(String id, java.util.function.Supplier<String> text) {
    Button copy = new Button(null, new FontIcon(MaterialDesignC.CONTENT_COPY));
    copy.setId(id);
    copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    Tooltip tip = new Tooltip("Copy");
    copy.setTooltip(tip);
    copy.setOnAction(
        e -> {
          ClipboardContent content = new ClipboardContent();
          content.putString(text.get());
          Clipboard.getSystemClipboard().setContent(content);
          tip.setText("Copied");
        });
    return copy;
  }

  // ---- buttons --------------------------------------------------------------------------

  /**
   * Import (the default button, Enter) and Close (Escape). While an import runs, Close reads
   * "Cancel import" and stops it instead of closing; once done it reads "Done".
   */
  private void buttons() {
    ButtonType importType = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);
    ButtonType closeType = new ButtonType("Close", ButtonBar.ButtonData.CANCEL_CLOSE);
    dialog.getDialogPane().getButtonTypes().setAll(importType, closeType);
    Button importButton = (Button) dialog.getDialogPane().lookupButton(importType);
    importButton.setId("add-model-import");
    importButton.setGraphic(new FontIcon(MaterialDesignF.FILE_IMPORT_OUTLINE));
    importButton.getStyleClass().add(Styles.ACCENT);
    importButton.disableProperty().bind(model.stepProperty().isNotEqualTo(Step.READY));
    importButton.visibleProperty().bind(model.stepProperty().isNotEqualTo(Step.DONE));
    importButton.managedProperty().bind(importButton.visibleProperty());
    importButton.addEventFilter(
        ActionEvent.ACTION,
        e -> {
          e.consume(); // the dialog stays open: the import shows its progress here
          model.importNow();
        });

    Button close = (Button) dialog.getDialogPane().lookupButton(closeType);
    close.setId("add-model-close");
    // Its text changes ("Cancel import" is longer than "Close"): sized to its own text.
    ButtonBar.setButtonUniformSize(close, false);
    close.setMinWidth(Region.USE_PREF_SIZE);
    BooleanBinding importing =
        model
            .stepProperty()
            .isEqualTo(Step.IMPORTING)
            .or(model.stepProperty().isEqualTo(Step.CANCELLING));
    close
        .textProperty()
        .bind(
            Bindings.when(importing)
                .then("Cancel import")
                .otherwise(
                    Bindings.when(model.stepProperty().isEqualTo(Step.DONE))
                        .then("Done")
                        .otherwise("Close")));
    close.disableProperty().bind(model.stepProperty().isEqualTo(Step.CANCELLING));
    close.addEventFilter(
        ActionEvent.ACTION,
        e -> {
          if (importing.get()) {
            e.consume();
            model.cancel();
          }
        });
  }
}
