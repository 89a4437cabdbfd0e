package dev.atelier.gui.wallet;

import atlantafx.base.theme.Styles;
import dev.atelier.gui.wallet.ImportAccountModel.Kind;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The import flow, inline: a recovery phrase (with passphrase and account number) or a private key,
 * typed into password fields, plus a new password. Escape cancels. Node ids: {@code
 * import-mnemonic}, {@code import-key}, {@code import-secret}, {@code import-passphrase}, {@code
 * import-index}, {@code import-label}, {@code import-password}, {@code import-again}, {@code
 * import-submit}, {@code import-problem}, {@code import-cancel}.
 */
final class ImportAccountPane extends VBox {

  /** The account number a phrase opens at: its first account. */
  static final int FIRST_ACCOUNT = 0;

  /** The highest account number offered: far beyond what a wallet app makes by itself. */
  static final int MAX_ACCOUNT_INDEX = 999;

  private final PasswordField secret = FlowPanes.password("import-secret", "");
  private final PasswordField passphrase =
      FlowPanes.password("import-passphrase", "Empty for none");
  private final PasswordField password = FlowPanes.password("import-password", "New password");
  private final PasswordField again = FlowPanes.password("import-again", "Same password again");

  private final ToggleButton mnemonic = new ToggleButton("Recovery phrase");
  private final ToggleButton key = new ToggleButton("Private key");
  private final Spinner<Integer> index = new Spinner<>(0, MAX_ACCOUNT_INDEX, FIRST_ACCOUNT);
  private final TextField label = new TextField();

  private final ImportAccountModel flow;
  private final Runnable close;

  ImportAccountPane(ImportAccountModel flow, Runnable close) {
    this.flow = flow;
    this.close = close;
    getStyleClass().addAll("settings-section", "wallet-flow");
    Label problem = FlowPanes.problem("import-problem");
    problem.textProperty().bind(flow.problemProperty());
    flow.importedProperty()
        .subscribe(
            address -> {
              if (!address.isEmpty()) {
                FlowPanes.clear(secret, passphrase, password, again);
                close.run();
              }
            });
    getChildren()
        .addAll(
            FlowPanes.title("Import an account"),
            kindChoice(),
            FlowPanes.hint(
                "The phrase or key is encrypted with the new password into a keystore on this"
                    + " computer; it is not kept anywhere else."),
            form(),
            problem,
            buttons());
  }

  /** Recovery phrase or private key; one of them is always chosen. */
  private HBox kindChoice() {
    ToggleGroup kinds = new ToggleGroup();
    mnemonic.setId("import-mnemonic");
    key.setId("import-key");
    mnemonic.setToggleGroup(kinds);
    key.setToggleGroup(kinds);
    mnemonic.getStyleClass().add(Styles.LEFT_PILL);
    key.getStyleClass().add(Styles.RIGHT_PILL);
    mnemonic.setSelected(true);
    kinds
        .selectedToggleProperty()
        .addListener(
            (obs, old, now) -> {
              if (now == null) {
                old.setSelected(true);
              }
            });
    return new HBox(mnemonic, key);
  }

  /** The secret, the phrase's passphrase and account number, a name and the new password. */
  private GridPane form() {
    secret.setPrefColumnCount(40);
    index.setId("import-index");
    index.setEditable(true);
    index.setPrefWidth(110);
    label.setId("import-label");
    label.setPromptText("e.g. Old wallet (optional)");

    GridPane grid = FlowPanes.grid();
    Label secretName = name("");
    secretName.setLabelFor(secret);
    grid.addRow(0, secretName, secret);
    Label passphraseName = name("Passphrase");
    grid.addRow(1, passphraseName, passphrase);
    Label indexName = name("Account number");
    grid.addRow(2, indexName, index);
    FlowPanes.row(grid, 3, "Name", label);
    FlowPanes.row(grid, 4, "Password", password);
    FlowPanes.row(grid, 5, "Again", again);
    for (Node n : new Node[] {passphraseName, passphrase, indexName, index}) {
      n.visibleProperty().bind(mnemonic.selectedProperty());
      n.managedProperty().bind(mnemonic.selectedProperty());
    }
    mnemonic
        .selectedProperty()
        .subscribe(
            isPhrase -> {
              secretName.setText(isPhrase ? "Recovery phrase" : "Private key");
              secret.setPromptText(
                  isPhrase ? "12 to 24 words separated by spaces" : "64 hex digits, 0x optional");
              secret.clear();
            });
    return grid;
  }

  private static Label name(String text) {
    Label name = new Label(text);
    name.getStyleClass().add("setting-name");
    return name;
  }

  private HBox buttons() {
    Button cancel = new Button("Cancel");
    cancel.setId("import-cancel");
    cancel.setCancelButton(true);
    cancel.disableProperty().bind(flow.busyProperty());
    cancel.setOnAction(e -> cancel());
    Button submit = new Button("Import");
    submit.setId("import-submit");
    submit.setDefaultButton(true);
    submit.getStyleClass().add(Styles.ACCENT);
    submit.disableProperty().bind(flow.busyProperty());
    submit.setOnAction(e -> submit());
    return FlowPanes.buttons(cancel, submit);
  }

  private void submit() {
    Kind kind = mnemonic.isSelected() ? Kind.MNEMONIC : Kind.PRIVATE_KEY;
    flow.submit(
        kind,
        secret.getText().strip().toCharArray(),
        passphrase.getText().toCharArray(),
        index.getValue() == null ? FIRST_ACCOUNT : index.getValue(),
        password.getText().toCharArray(),
        again.getText().toCharArray(),
        label.getText());
  }

  /** Clears the fields and closes, unless an import is running. */
  void cancel() {
    if (flow.busyProperty().get()) {
      return;
    }
    FlowPanes.clear(secret, passphrase, password, again);
    close.run();
  }

  Node initialFocus() {
    return secret;
  }
}
