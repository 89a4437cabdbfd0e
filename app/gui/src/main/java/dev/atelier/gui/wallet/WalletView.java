package dev.atelier.gui.wallet;

import atlantafx.base.theme.Styles;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.DevnetFaucet;
import dev.atelier.ethereum.Ether;
import dev.atelier.gui.common.EmptyState;
import dev.atelier.gui.common.LoadStatePane;
import dev.atelier.gui.common.RoundedClip;
import dev.atelier.gui.common.ScreenHeader;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/**
 * The Wallet screen: a toolbar (create, import, lock all, local devnet), the accounts with lock
 * state, address (with a copy button) and balances, and in place of the list the create or import
 * flow while one is open. Keyboard: Enter on an account unlocks or locks it, Ctrl+C copies its
 * address. Node ids: {@code wallet-list}, {@code wallet-empty}, {@code wallet-create}, {@code
 * wallet-import}, {@code wallet-lock-all}, {@code wallet-devnet-start}, {@code wallet-summary},
 * {@code wallet-flow}.
 */
public final class WalletView {

  /** Matches the corner radius atelier.css gives lists. */
  private static final double LIST_RADIUS = 12;

  /** What the Fund button adds on the local devnet, in words: "100 ETH". */
  private static final String FUNDING = Ether.format(DevnetFaucet.DEFAULT_FUNDING);

  private static final KeyCombination COPY =
      new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

  private final WalletViewModel model;
  private final VBox root;
  private final StackPane body = new StackPane();
  private final Node listFace;
  private final HBox toolbar;
  private Runnable cancelFlow = () -> {};

  public WalletView(WalletViewModel model) {
    this.model = model;
    ListView<WalletRow> list = new ListView<>(model.accounts());
    list.setId("wallet-list");
    list.getStyleClass().add("wallet-list");
    list.setCellFactory(view -> new AccountCell());
    list.setOnKeyPressed(
        e -> {
          WalletRow row = list.getSelectionModel().getSelectedItem();
          if (row == null) {
            return;
          }
          if (e.getCode() == KeyCode.ENTER) {
            toggleLock(row);
            e.consume();
          } else if (COPY.match(e)) {
            copy(row.address());
            e.consume();
          }
        });
    RoundedClip.apply(list, LIST_RADIUS);

    EmptyState empty =
        new EmptyState(
            MaterialDesignW.WALLET_OUTLINE,
            "No wallet yet",
            "Create an account to sign and mint your work, or import one you already have."
                + " Keys stay in encrypted keystores on this computer.");
    empty.setId("wallet-empty");

    LoadStatePane content =
        new LoadStatePane(model.stateProperty(), list, empty, model.errorProperty());
    listFace = content;
    body.getChildren().setAll(listFace);
    VBox.setVgrow(body, Priority.ALWAYS);

    toolbar = toolbar();
    root =
        new VBox(
            new ScreenHeader(
                "Wallet", "Accounts that sign and mint your work. Keys never leave this computer."),
            toolbar,
            body);
    root.getStyleClass().addAll("screen", "wallet-screen");

    // Accounts lock themselves after idle time; keep the badges honest.
    Timeline lockCheck =
        new Timeline(new KeyFrame(Duration.seconds(15), e -> model.refreshLockState()));
    lockCheck.setCycleCount(Timeline.INDEFINITE);
    root.sceneProperty()
        .subscribe(
            scene -> {
              if (scene == null) {
                lockCheck.stop();
                // Leaving the screen ends an open flow: no phrase or secret stays on screen.
                cancelFlow.run();
              } else {
                lockCheck.play();
                // Keyboard first: Enter and Ctrl+C act on the selected account.
                javafx.application.Platform.runLater(
                    () -> {
                      if (body.getChildren().contains(listFace)) {
                        list.requestFocus();
                      }
                    });
              }
            });
  }

  public Parent root() {
    return root;
  }

  private HBox toolbar() {
    Label summary = new Label();
    summary.setId("wallet-summary");
    summary.getStyleClass().add("wallet-summary");
    summary.textProperty().bind(model.summaryProperty());

    Button create = new Button("Create account", new FontIcon(MaterialDesignP.PLUS));
    create.setId("wallet-create");
    create.getStyleClass().add(Styles.ACCENT);
    create.setOnAction(e -> openCreate());

    Button importButton = new Button("Import", new FontIcon(MaterialDesignD.DOWNLOAD));
    importButton.setId("wallet-import");
    importButton.setOnAction(e -> openImport());

    Button lockAll = new Button("Lock all", new FontIcon(MaterialDesignL.LOCK));
    lockAll.setId("wallet-lock-all");
    lockAll.setTooltip(new Tooltip("Remove every unlocked key from memory now"));
    lockAll.setOnAction(e -> model.lockAll());

    Button devnet = new Button("Start local devnet", new FontIcon(MaterialDesignP.PLAY));
    devnet.setId("wallet-devnet-start");
    devnet.setTooltip(
        new Tooltip(
            "Start Atelier's own test chain (Anvil, chain id "
                + Devnet.CHAIN_ID
                + ") to try minting"));
    devnet.visibleProperty().bind(model.devnetRunningProperty().not());
    devnet.managedProperty().bind(devnet.visibleProperty());
    devnet.disableProperty().bind(model.devnetBusyProperty());
    devnet.setOnAction(e -> model.startDevnet());

    Button refresh = new Button(null, new FontIcon(MaterialDesignR.REFRESH));
    refresh.setId("wallet-refresh");
    refresh.getStyleClass().addAll(Styles.BUTTON_ICON);
    refresh.setTooltip(new Tooltip("Refresh balances"));
    refresh.setOnAction(e -> model.refresh());

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(summary, spacer, devnet, refresh, lockAll, importButton, create);
    bar.getStyleClass().add("wallet-toolbar");
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  private void openCreate() {
    CreateAccountModel flow = model.newAccount();
    CreateAccountPane pane = new CreateAccountPane(flow, this::closeFlow);
    cancelFlow = flow::cancel;
    showFlow(pane, pane.initialFocus());
  }

  private void openImport() {
    ImportAccountModel flow = model.importAccount();
    ImportAccountPane pane = new ImportAccountPane(flow, this::closeFlow);
    cancelFlow = pane::cancel;
    showFlow(pane, pane.initialFocus());
  }

  private void showFlow(Region pane, Node focus) {
    pane.setId("wallet-flow");
    pane.setMaxHeight(Region.USE_PREF_SIZE);
    toolbar.setDisable(true);
    body.getChildren().setAll(pane);
    StackPane.setAlignment(pane, Pos.TOP_LEFT);
    focus.requestFocus();
  }

  private void closeFlow() {
    cancelFlow = () -> {};
    toolbar.setDisable(false);
    body.getChildren().setAll(listFace);
  }

  private void toggleLock(WalletRow row) {
    if (row.unlocked()) {
      model.lock(row.address());
    } else {
      model.unlock(row.address());
    }
  }

  private void export(String address) {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Export the keystore of " + address + " to");
    java.io.File folder = chooser.showDialog(root.getScene().getWindow());
    if (folder != null) {
      model.exportKeystore(address, folder.toPath());
    }
  }

  private void changePassword(String address) {
    ChangePasswordDialog.ask(root.getScene().getWindow(), address)
        .ifPresent(
            t ->
                model.changePassword(
                    address, t.current(), t.newPassword(), t.again(), problem -> {}));
  }

  private void copy(String address) {
    ClipboardContent content = new ClipboardContent();
    content.putString(address);
    Clipboard.getSystemClipboard().setContent(content);
    model.addressCopied(address);
  }

  /** One account: badge, label and origin, address with copy, balances, lock state and actions. */
  private final class AccountCell extends ListCell<WalletRow> {

    private final FontIcon badgeIcon = new FontIcon(MaterialDesignL.LOCK);
    private final Label label = new Label();
    private final Label origin = new Label();
    private final Label address = new Label();
    private final Button copy = new Button(null, new FontIcon(MaterialDesignC.CONTENT_COPY));
    private final FlowPane balances = new FlowPane();
    private final Label lockState = new Label();
    private final Button lockButton = new Button();
    private final Button fund = new Button("Fund " + FUNDING, new FontIcon(MaterialDesignW.WATER));
    private final MenuButton more =
        new MenuButton(null, new FontIcon(MaterialDesignD.DOTS_VERTICAL));
    private final MenuItem copyItem = new MenuItem("Copy address");
    private final MenuItem exportItem = new MenuItem("Export keystore…");
    private final MenuItem passwordItem = new MenuItem("Change password…");
    private final HBox content;

    AccountCell() {
      StackPane badge = new StackPane(badgeIcon);
      badge.getStyleClass().add("account-badge");
      label.getStyleClass().add(Styles.TEXT_BOLD);
      origin.getStyleClass().add("account-path");
      address.getStyleClass().add("account-address");
      copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "account-copy");
      copy.setTooltip(new Tooltip("Copy the address"));
      balances.getStyleClass().add("account-balances");
      lockState.getStyleClass().add("account-lock-state");
      lockButton.getStyleClass().add(Styles.SMALL);
      fund.getStyleClass().addAll(Styles.SMALL, "account-fund");
      fund.setTooltip(new Tooltip("Add " + FUNDING + " of test ether on the local devnet"));
      fund.visibleProperty().bind(model.devnetRunningProperty());
      fund.managedProperty().bind(fund.visibleProperty());
      fund.disableProperty().bind(model.devnetBusyProperty());

      HBox title = new HBox(8, label, origin);
      title.setAlignment(Pos.BASELINE_LEFT);
      HBox addressLine = new HBox(4, address, copy);
      addressLine.setAlignment(Pos.CENTER_LEFT);
      VBox text = new VBox(2, title, addressLine, balances);
      HBox.setHgrow(text, Priority.ALWAYS);
      more.getStyleClass()
          .addAll(
              Styles.BUTTON_ICON,
              Styles.FLAT,
              atlantafx.base.theme.Tweaks.NO_ARROW,
              "account-more");
      more.getItems().addAll(copyItem, exportItem, passwordItem);
      more.setTooltip(new Tooltip("More for this account"));
      HBox actions = new HBox(8, lockState, fund, lockButton, more);
      actions.setAlignment(Pos.CENTER_RIGHT);
      actions.setMinWidth(Region.USE_PREF_SIZE);
      content = new HBox(badge, text, actions);
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
      origin.setText(row.origin());
      address.setText(row.address());
      copy.setOnAction(e -> copy(row.address()));
      badgeIcon.setIconCode(
          row.unlocked() ? MaterialDesignL.LOCK_OPEN_VARIANT : MaterialDesignL.LOCK);
      lockState.setText(row.unlocked() ? "Unlocked" : "Locked");
      lockState.pseudoClassStateChanged(
          javafx.css.PseudoClass.getPseudoClass("unlocked"), row.unlocked());
      lockButton.setText(row.unlocked() ? "Lock" : "Unlock");
      lockButton.setGraphic(
          new FontIcon(row.unlocked() ? MaterialDesignL.LOCK : MaterialDesignL.LOCK_OPEN_VARIANT));
      lockButton.setOnAction(e -> toggleLock(row));
      fund.setOnAction(e -> model.fund(row.address()));
      copyItem.setOnAction(e -> copy(row.address()));
      exportItem.setOnAction(e -> export(row.address()));
      passwordItem.setOnAction(e -> changePassword(row.address()));
      balances.getChildren().clear();
      if (row.balances().isEmpty()) {
        Label none = new Label("No balances: no network has an RPC URL yet");
        none.getStyleClass().add("account-balance-none");
        balances.getChildren().add(none);
      }
      for (Balance b : row.balances()) {
        Label chip = new Label(b.network() + "  " + b.amount());
        chip.getStyleClass().add("account-balance");
        if (!b.problem().isEmpty()) {
          chip.getStyleClass().add("account-balance-unknown");
          chip.setGraphic(new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
          chip.setTooltip(new Tooltip(b.problem()));
        }
        balances.getChildren().add(chip);
      }
      setGraphic(content);
    }
  }
}
