package dev.atelier.gui.wallet;

import java.util.Arrays;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks for an account's current password and a new one (twice), with the password rules checked as
 * the user types. The fields are cleared when the dialog closes; the arrays returned belong to the
 * caller. Node ids: {@code change-current}, {@code change-new}, {@code change-again}, {@code
 * change-problem}.
 */
final class ChangePasswordDialog {

  /** The three passwords typed; the receiver clears them. */
  record Typed(char[] current, char[] newPassword, char[] again) {}

  private ChangePasswordDialog() {}

  static Optional<Typed> ask(Window owner, String address) {
    Dialog<Typed> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("Change password");
    dialog.setHeaderText("New password for " + address);
    PasswordField current = FlowPanes.password("change-current", "Current password");
    PasswordField fresh = FlowPanes.password("change-new", "New password");
    PasswordField again = FlowPanes.password("change-again", "Same new password again");
    Label problem = new Label();
    problem.setId("change-problem");
    problem.getStyleClass().add("setting-hint");
    problem.setWrapText(true);
    GridPane grid = FlowPanes.grid();
    FlowPanes.row(grid, 0, "Current", current);
    FlowPanes.row(grid, 1, "New", fresh);
    FlowPanes.row(grid, 2, "Again", again);
    VBox content = new VBox(10, grid, problem);
    content.setPrefWidth(460);
    dialog.getDialogPane().setContent(content);
    ButtonType change = new ButtonType("Change password", ButtonBar.ButtonData.OK_DONE);
    dialog.getDialogPane().getButtonTypes().addAll(change, ButtonType.CANCEL);
    Button ok = (Button) dialog.getDialogPane().lookupButton(change);
    Runnable check =
        () -> {
          char[] n = fresh.getText().toCharArray();
          char[] a = again.getText().toCharArray();
          try {
            Optional<String> why = CreateAccountModel.passwordProblem(n, a);
            problem.setText(
                fresh.getText().isEmpty() ? "" : why.orElse("The new password is fine."));
            ok.setDisable(why.isPresent() || current.getText().isEmpty());
          } finally {
            Arrays.fill(n, '\0');
            Arrays.fill(a, '\0');
          }
        };
    current.textProperty().subscribe(check);
    fresh.textProperty().subscribe(check);
    again.textProperty().subscribe(check);
    dialog.setResultConverter(
        b ->
            b == change
                ? new Typed(
                    current.getText().toCharArray(),
                    fresh.getText().toCharArray(),
                    again.getText().toCharArray())
                : null);
    Platform.runLater(current::requestFocus);
    Optional<Typed> result = dialog.showAndWait();
    FlowPanes.clear(current, fresh, again);
    return result;
  }
}
