package dev.atelier.gui.wallet;

import atlantafx.base.theme.Styles;
import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.common.RoundedClip;
import dev.atelier.gui.common.ScreenHeader;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The Wallet screen: the wallet accounts by label and public address, or an empty state. Node ids:
 * {@code wallet-list}, {@code wallet-empty}.
 */
public final class WalletView {

  /** Matches the corner radius atelier.css gives lists. */
  private static final double LIST_RADIUS = 12;

  private final VBox root;

  public WalletView(WalletViewModel model) {
    ListView<WalletRow> list = new ListView<>(model.accounts());
    list.setId("wallet-list");
    list.getStyleClass().add("wallet-list");
    list.setCellFactory(view -> new AccountCell());
    RoundedClip.apply(list, LIST_RADIUS);

    EmptyState empty =
        new EmptyState(
            MaterialDesignW.WALLET_OUTLINE,
            "No wallet yet",
            "Wallet accounts you create or import will be listed here by their public address."
                + " Their keys stay in encrypted keystores on this computer.");
    empty.setId("wallet-empty");

    LoadStatePane content =
        new LoadStatePane(model.stateProperty(), list, empty, model.errorProperty());
    VBox.setVgrow(content, Priority.ALWAYS);
    root =
        new VBox(
            new ScreenHeader("Wallet", "Accounts that will sign and mint your work."), content);
    root.getStyleClass().add("screen");
  }

  public Parent root() {
    return root;
  }

  /** One account: label over address, derivation path at the right. */
  private static final class AccountCell extends ListCell<WalletRow> {

    private final Label label = new Label();
    private final Label address = new Label();
    private final Label path = new Label();
    private final HBox content;

    AccountCell() {
      StackPane badge = new StackPane(new FontIcon(MaterialDesignW.WALLET));
      badge.getStyleClass().add("account-badge");
      label.getStyleClass().add(Styles.TEXT_BOLD);
      address.getStyleClass().add("account-address");
      path.getStyleClass().add("account-path");
      Region spacer = new Region();
      HBox.setHgrow(spacer, Priority.ALWAYS);
      content = new HBox(badge, new VBox(label, address), spacer, path);
      content.getStyleClass().add("account-row");
      content.setAlignment(Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(WalletRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        return;
      }
      label.setText(row.label());
      address.setText(row.address());
      path.setText(row.derivationPath());
      setGraphic(content);
    }
  }
}
