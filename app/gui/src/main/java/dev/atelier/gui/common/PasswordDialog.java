package dev.atelier.gui.common;

import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The studio's {@link PasswordPrompt}: a modal dialog with one password field, Enter to unlock and
 * Escape to cancel. Node ids: {@code password-field}, {@code password-problem}.
 */
public final class PasswordDialog implements PasswordPrompt {

  private final Window owner;

  /**
   * @param owner the window the dialog is modal to (may be null)
   */
  public PasswordDialog(Window owner) {
    this.owner = owner;
  }

  @Override
  public Optional<char[]> ask(String title, String address, String problem) {
    Dialog<char[]> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle(title);
    dialog.setHeaderText("Unlock " + address);
    PasswordField field = new PasswordField();
    field.setId("password-field");
    field.setPromptText("Wallet password");
    Label hint = new Label(problem);
    hint.setId("password-problem");
    hint.getStyleClass().add("danger-text");
    hint.setVisible(!problem.isBlank());
    hint.setManaged(!problem.isBlank());
    VBox content = new VBox(8, hint, field);
    content.setPrefWidth(420);
    dialog.getDialogPane().setContent(content);
    ButtonType unlock = new ButtonType("Unlock", ButtonBar.ButtonData.OK_DONE);
    dialog.getDialogPane().getButtonTypes().addAll(unlock, ButtonType.CANCEL);
    dialog.setResultConverter(b -> b == unlock ? field.getText().toCharArray() : null);
    Platform.runLater(field::requestFocus);
    Optional<char[]> result = dialog.showAndWait();
    field.clear();
    return result;
  }
}
