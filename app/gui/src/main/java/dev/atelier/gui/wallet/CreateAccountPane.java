package dev.atelier.gui.wallet;

import atlantafx.base.theme.Styles;
import dev.atelier.gui.wallet.CreateAccountModel.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * The create-account flow as an inline wizard: password → recovery phrase (shown once) → typed
 * words → done. Enter moves on, Escape cancels. The words are put into labels only on the phrase
 * step and removed when it is left. Node ids: {@code create-label}, {@code create-password}, {@code
 * create-again}, {@code create-next}, {@code create-words}, {@code create-written}, {@code
 * create-word-1..n} (confirm fields, in challenge order), {@code create-confirm}, {@code
 * create-problem}, {@code create-done}, {@code create-cancel}.
 */
final class CreateAccountPane extends VBox {

  private final CreateAccountModel flow;
  private final Runnable close;
  private final Label stepLabel = new Label();
  private final StackPane stepHost = new StackPane();
  private final Label problem = FlowPanes.problem("create-problem");
  private final TextField label = new TextField();
  private final PasswordField password = FlowPanes.password("create-password", "New password");
  private final PasswordField again = FlowPanes.password("create-again", "Same password again");
  private final Label policy = new Label();
  private final GridPane wordGrid = new GridPane();
  private final List<TextField> answers = new ArrayList<>();

  CreateAccountPane(CreateAccountModel flow, Runnable close) {
    this.flow = flow;
    this.close = close;
    getStyleClass().addAll("settings-section", "wallet-flow");
    stepLabel.getStyleClass().add("wallet-flow-step");
    problem.textProperty().bind(flow.problemProperty());
    Label working = new Label();
    working.setId("create-working");
    working
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.when(flow.stepProperty().isEqualTo(Step.CONFIRM))
                .then("Checking the words and encrypting the key… (a few seconds)")
                .otherwise("Making a recovery phrase…"));
    working.getStyleClass().add("setting-hint");
    working.visibleProperty().bind(flow.busyProperty());
    working.managedProperty().bind(working.visibleProperty());
    getChildren()
        .addAll(FlowPanes.title("Create an account"), stepLabel, stepHost, problem, working);
    flow.stepProperty().subscribe(this::show);
  }

  Node initialFocus() {
    return label;
  }

  private void show(Step step) {
    clearWords();
    switch (step) {
      case PASSWORD -> {
        stepLabel.setText("Step 1 of 3 · Choose a password");
        stepHost.getChildren().setAll(passwordStep());
      }
      case PHRASE -> {
        FlowPanes.clear(password, again);
        stepLabel.setText("Step 2 of 3 · Write down your recovery phrase");
        stepHost.getChildren().setAll(phraseStep());
      }
      case CONFIRM -> {
        stepLabel.setText("Step 3 of 3 · Check your copy");
        stepHost.getChildren().setAll(confirmStep());
        if (!answers.isEmpty()) {
          answers.getFirst().requestFocus();
        }
      }
      case DONE -> {
        stepLabel.setText("Done");
        stepHost.getChildren().setAll(doneStep());
      }
      case CANCELLED -> {
        FlowPanes.clear(password, again);
        answers.forEach(TextField::clear);
        close.run();
      }
    }
  }

  private Node passwordStep() {
    label.setId("create-label");
    label.setPromptText("e.g. Studio main (optional)");
    policy.setId("create-policy");
    policy.getStyleClass().add("setting-hint");
    policy.setWrapText(true);
    password.textProperty().subscribe(this::updatePolicy);
    again.textProperty().subscribe(this::updatePolicy);

    ComboBox<Integer> words = new ComboBox<>();
    words.setId("create-word-count");
    words.getItems().setAll(12, 24);
    words.setValue(flow.wordCount());
    words.valueProperty().subscribe(n -> flow.setWordCount(n == null ? 12 : n));

    GridPane grid = FlowPanes.grid();
    FlowPanes.row(grid, 0, "Name", label);
    FlowPanes.row(grid, 1, "Password", password);
    FlowPanes.row(grid, 2, "Again", again);
    FlowPanes.row(grid, 3, "Recovery words", words);

    Button next = new Button("Next");
    next.setId("create-next");
    next.setDefaultButton(true);
    next.getStyleClass().add(Styles.ACCENT);
    next.disableProperty().bind(flow.busyProperty());
    next.setOnAction(
        e -> {
          char[] p = password.getText().toCharArray();
          char[] a = again.getText().toCharArray();
          try {
            flow.choosePassword(p, a, label.getText());
          } finally {
            Arrays.fill(p, '\0');
            Arrays.fill(a, '\0');
          }
        });
    return new VBox(
        12,
        FlowPanes.hint(
            "The password encrypts the key on this computer; you type it to unlock the account."
                + " At least 10 characters, mixing two kinds (letters, digits, symbols)."),
        grid,
        policy,
        FlowPanes.buttons(cancelButton(), next));
  }

  private void updatePolicy() {
    if (password.getText().isEmpty()) {
      policy.setText("");
      return;
    }
    char[] p = password.getText().toCharArray();
    char[] a = again.getText().toCharArray();
    try {
      Optional<String> problemNow =
          a.length == 0
              ? dev.atelier.wallet.PasswordPolicy.problem(p)
              : CreateAccountModel.passwordProblem(p, a);
      policy.setText(problemNow.orElse(a.length == 0 ? "Strong enough." : "Passwords match."));
      policy.pseudoClassStateChanged(
          javafx.css.PseudoClass.getPseudoClass("ok"), problemNow.isEmpty());
    } finally {
      Arrays.fill(p, '\0');
      Arrays.fill(a, '\0');
    }
  }

  private Node phraseStep() {
    wordGrid.setId("create-words");
    wordGrid.getStyleClass().add("mnemonic-grid");
    wordGrid.getChildren().clear();
    char[][] words = flow.words();
    int rows = (words.length + 2) / 3;
    for (int i = 0; i < words.length; i++) {
      Label number = new Label((i + 1) + ".");
      number.getStyleClass().add("mnemonic-number");
      Label word = new Label(new String(words[i]));
      word.getStyleClass().add("mnemonic-word");
      Arrays.fill(words[i], '\0');
      wordGrid.add(number, (i / rows) * 2, i % rows);
      wordGrid.add(word, (i / rows) * 2 + 1, i % rows);
    }
    Button written = new Button("I have written them down");
    written.setId("create-written");
    written.setDefaultButton(true);
    written.getStyleClass().add(Styles.ACCENT);
    written.setOnAction(e -> flow.wordsWrittenDown());
    return new VBox(
        12,
        FlowPanes.warning(
            "Write these words on paper, in this order, and keep it safe. They are the only"
                + " backup of this account: anyone who has them controls it, and Atelier shows"
                + " them only now, never stores them and cannot recover them."),
        wordGrid,
        FlowPanes.buttons(cancelButton(), written));
  }

  private Node confirmStep() {
    answers.clear();
    GridPane grid = FlowPanes.grid();
    int[] positions = flow.challenge();
    for (int i = 0; i < positions.length; i++) {
      TextField field = new TextField();
      field.setId("create-word-" + (i + 1));
      field.setPromptText("word #" + positions[i]);
      field.setPrefColumnCount(16);
      answers.add(field);
      FlowPanes.row(grid, i, "Word #" + positions[i], field);
    }
    Button back = new Button("Show the words again");
    back.setId("create-back");
    back.disableProperty().bind(flow.busyProperty());
    back.setOnAction(e -> flow.showWordsAgain());
    Button confirm = new Button("Create account");
    confirm.setId("create-confirm");
    confirm.setDefaultButton(true);
    confirm.getStyleClass().add(Styles.ACCENT);
    confirm.disableProperty().bind(flow.busyProperty());
    confirm.setOnAction(
        e -> {
          List<char[]> typed = new ArrayList<>();
          answers.forEach(f -> typed.add(f.getText().toCharArray()));
          flow.confirm(typed);
        });
    return new VBox(
        12,
        FlowPanes.hint(
            "Type the words asked for from your written copy, to be sure it is complete."),
        grid,
        FlowPanes.buttons(cancelButton(), back, confirm));
  }

  private Node doneStep() {
    answers.forEach(TextField::clear);
    Label done =
        new Label(
            "Account created: " + flow.createdProperty().get(),
            new FontIcon(MaterialDesignC.CHECK_CIRCLE_OUTLINE));
    done.getStyleClass().add("wallet-flow-done");
    Button ok = new Button("Done");
    ok.setId("create-done");
    ok.setDefaultButton(true);
    ok.setOnAction(e -> close.run());
    ok.sceneProperty().subscribe(s -> ok.requestFocus());
    return new VBox(
        12,
        done,
        FlowPanes.hint(
            "It is locked; unlock it with its password when you sign or mint. Keep the"
                + " written recovery phrase: it brings the account back on any computer."),
        FlowPanes.buttons(ok));
  }

  private Button cancelButton() {
    Button cancel = new Button("Cancel");
    cancel.setId("create-cancel");
    cancel.setCancelButton(true);
    cancel.disableProperty().bind(flow.busyProperty());
    cancel.setOnAction(e -> flow.cancel());
    return cancel;
  }

  /** Drops the word labels (and their strings) from the scene. */
  private void clearWords() {
    wordGrid.getChildren().forEach(n -> ((Label) n).setText(""));
    wordGrid.getChildren().clear();
  }
}
