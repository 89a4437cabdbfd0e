package dev.atelier.gui.settings;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The form below the network table: adds a network, or edits the one chosen (its URL is never
 * filled in: it may hold an API key). Node ids: {@code network-name}, {@code network-chain-id},
 * {@code network-url}, {@code network-save}, {@code network-problem}.
 */
final class NetworkForm {

  private static final String ADD_TITLE = "Add a network";
  private static final String URL_PROMPT = "https://… (asked for its chain id before saving)";

  private final NetworkSettings model;
  private final TextField nameField = field("network-name", "e.g. Sepolia");
  private final TextField chainField = field("network-chain-id", "e.g. 11155111");
  private final TextField urlField = field("network-url", URL_PROMPT);
  private final Label title = new Label(ADD_TITLE);
  private final VBox root;

  /** The name of the network being edited; null while adding one. */
  private String editing;

  NetworkForm(NetworkSettings model) {
    this.model = model;
    chainField.setPrefColumnCount(10);
    urlField.setPrefColumnCount(36);
    title.getStyleClass().add(Styles.TEXT_BOLD);

    GridPane form = new GridPane();
    form.getStyleClass().add("setting-grid");
    form.addRow(0, SettingsView.name("Name", nameField), nameField);
    form.addRow(1, SettingsView.name("Chain id", chainField), chainField);
    form.addRow(2, SettingsView.name("RPC URL", urlField), urlField);
    Label problem = SettingsView.problem("network-problem");
    problem.textProperty().bind(model.problemProperty());
    root = new VBox(10, title, form, buttons(), problem);
    root.getStyleClass().add("network-form");
  }

  Node root() {
    return root;
  }

  /** Back to adding a new network, with empty fields. */
  void reset() {
    editing = null;
    title.setText(ADD_TITLE);
    nameField.clear();
    chainField.clear();
    urlField.clear();
    urlField.setPromptText(URL_PROMPT);
    model.clearProblem();
  }

  /** Edits {@code row}: its name and chain id filled in, its URL kept unless a new one is typed. */
  void edit(NetworkRow row) {
    editing = row.name();
    title.setText("Edit " + row.name());
    nameField.setText(row.name());
    chainField.setText(Long.toString(row.chainId()));
    urlField.clear();
    urlField.setPromptText(
        row.hasUrl()
            ? "Empty keeps " + row.shownUrl() + "; type a new URL to replace it"
            : URL_PROMPT);
    model.clearProblem();
    focus();
  }

  void focus() {
    nameField.requestFocus();
  }

  private HBox buttons() {
    Button save = new Button("Save network");
    save.setId("network-save");
    save.setDefaultButton(false);
    save.getStyleClass().add(Styles.ACCENT);
    save.disableProperty().bind(model.busyProperty());
    save.setOnAction(
        e ->
            model.save(
                editing,
                nameField.getText(),
                chainField.getText(),
                urlField.getText(),
                this::reset));
    for (TextField f : new TextField[] {nameField, chainField, urlField}) {
      f.setOnAction(e -> save.fire());
    }
    Button clear = new Button("Clear");
    clear.setOnAction(e -> reset());
    Label checking = new Label("Asking the node for its chain id…");
    checking.getStyleClass().add("setting-hint");
    checking.visibleProperty().bind(model.busyProperty());
    checking.managedProperty().bind(checking.visibleProperty());
    HBox buttons = new HBox(8, save, clear, checking);
    buttons.setAlignment(Pos.CENTER_LEFT);
    return buttons;
  }

  private static TextField field(String id, String prompt) {
    TextField field = new TextField();
    field.setId(id);
    field.setPromptText(prompt);
    return field;
  }
}
