package dev.atelier.gui.inspector;

import atlantafx.base.theme.Styles;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.chain.Network;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The mint panel inside the inspector. Node ids: {@code mint-network}, {@code mint-network-status},
 * {@code mint-start-devnet}, {@code mint-account}, {@code mint-collection}, {@code
 * mint-collection-name}, {@code mint-collection-symbol}, {@code mint-deploy}, {@code
 * mint-deploy-v2}, {@code mint-record-on-chain}, {@code mint-estimate}, {@code mint-fee}, {@code
 * mint-batches} (a version 2 estimate's batches), {@code mint-mint}, {@code mint-progress}, {@code
 * mint-message}.
 */
public final class MintView {

  private final VBox root;

  public MintView(MintViewModel model) {
    Label message = InspectorView.message(model.messageProperty());
    message.setId("mint-message");
    root =
        new VBox(
            8,
            InspectorView.section("Mint", MaterialDesignH.HEXAGON_MULTIPLE_OUTLINE),
            caption("Network"),
            new HBox(8, networkChoice(model), startDevnetButton(model)),
            networkStatus(model),
            caption("Account"),
            accountChoice(model),
            caption("Collection"),
            collectionChoice(model),
            newCollectionRow(model),
            royaltyRow(model),
            recordOnChain(model),
            new HBox(8, estimateButton(model), mintButton(model)),
            fee(model),
            batches(model),
            progress(model),
            message);
    root.getStyleClass().add("mint-panel");
  }

  // ---- the network

  private static ComboBox<Network> networkChoice(MintViewModel model) {
    ComboBox<Network> network = new ComboBox<>(model.networks());
    network.setId("mint-network");
    network.setCellFactory(l -> InspectorView.cell(MintView::networkText));
    network.setButtonCell(InspectorView.cell(MintView::networkText));
    network.valueProperty().bindBidirectional(model.networkProperty());
    network.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(network, Priority.ALWAYS);
    return network;
  }

  /** Shown while the local devnet is chosen and not running. */
  private static Button startDevnetButton(MintViewModel model) {
    Button devnet = new Button("Start", new FontIcon(MaterialDesignP.PLAY));
    devnet.setId("mint-start-devnet");
    devnet.setMinWidth(Region.USE_PREF_SIZE);
    devnet.setTooltip(new Tooltip("Start the local devnet (Anvil) and fund your account"));
    devnet
        .visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () ->
                    model.networkProperty().get() != null
                        && model.networkProperty().get().name().equals(Network.LOCAL_DEVNET)
                        && !model.devnetRunningProperty().get(),
                model.networkProperty(),
                model.devnetRunningProperty()));
    devnet.managedProperty().bind(devnet.visibleProperty());
    devnet.disableProperty().bind(model.busyProperty());
    devnet.setOnAction(e -> model.startDevnet());
    return devnet;
  }

  private static Label networkStatus(MintViewModel model) {
    Label status = new Label();
    status.setId("mint-network-status");
    status.getStyleClass().add("inspector-hint");
    status.setWrapText(true);
    status.textProperty().bind(model.networkStatusProperty());
    return status;
  }

  // ---- the account and the collection

  private static ComboBox<String> accountChoice(MintViewModel model) {
    ComboBox<String> account = new ComboBox<>(model.accounts());
    account.setId("mint-account");
    account.setPromptText("No wallet account");
    account.valueProperty().bindBidirectional(model.accountProperty());
    account.setMaxWidth(Double.MAX_VALUE);
    return account;
  }

  private static ComboBox<CollectionEntry> collectionChoice(MintViewModel model) {
    ComboBox<CollectionEntry> collection = new ComboBox<>(model.collections());
    collection.setId("mint-collection");
    collection.setPromptText("No collection on this network");
    collection.setCellFactory(l -> InspectorView.cell(MintView::collectionText));
    collection.setButtonCell(InspectorView.cell(MintView::collectionText));
    collection.valueProperty().bindBidirectional(model.collectionProperty());
    collection.setMaxWidth(Double.MAX_VALUE);
    return collection;
  }

  /** Name, symbol and the deploy button of a new collection. */
  private static HBox newCollectionRow(MintViewModel model) {
    TextField name = new TextField();
    name.setId("mint-collection-name");
    name.setPromptText("New collection name");
    name.textProperty().bindBidirectional(model.collectionNameProperty());
    HBox.setHgrow(name, Priority.ALWAYS);
    TextField symbol = new TextField();
    symbol.setId("mint-collection-symbol");
    symbol.setPromptText("SYMBOL");
    symbol.setPrefColumnCount(6);
    symbol.textProperty().bindBidirectional(model.collectionSymbolProperty());
    Button deploy = new Button("Deploy", new FontIcon(MaterialDesignR.ROCKET_LAUNCH_OUTLINE));
    deploy.setId("mint-deploy");
    deploy.setMinWidth(Region.USE_PREF_SIZE);
    deploy.disableProperty().bind(model.busyProperty());
    deploy.setOnAction(e -> model.deployCollection());
    return new HBox(8, name, symbol, deploy);
  }

  private static HBox royaltyRow(MintViewModel model) {
    Spinner<Integer> royalty =
        new Spinner<>(
            0, MintViewModel.MAX_ROYALTY_PERCENT, CollectionDeployer.DEFAULT_ROYALTY_PERCENT);
    royalty.setId("mint-royalty");
    royalty.setEditable(true);
    royalty.setPrefWidth(80);
    royalty.getValueFactory().valueProperty().bindBidirectional(model.royaltyPercentProperty());
    Tooltip.install(royalty, new Tooltip("Royalty on resales (ERC-2981), paid to the owner"));
    Label label = new Label("% royalty on resales");
    label.getStyleClass().add("inspector-caption");
    CheckBox versionTwo = new CheckBox("Version 2");
    versionTwo.setId("mint-deploy-v2");
    versionTwo.selectedProperty().bindBidirectional(model.deployVersionTwoProperty());
    Tooltip.install(
        versionTwo,
        new Tooltip(
            "A version 2 collection mints in signed batches, at under half the gas of a plain"
                + " mint per token; version 1 mints one token at a time"));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox row = new HBox(8, royalty, label, gap, versionTwo);
    row.setAlignment(Pos.CENTER_LEFT);
    return row;
  }

  // ---- the mint

  private static CheckBox recordOnChain(MintViewModel model) {
    CheckBox record = new CheckBox("Put the full record on-chain (more gas)");
    record.setId("mint-record-on-chain");
    record.selectedProperty().bindBidirectional(model.recordOnChainProperty());
    // A version 2 token's record travels in its metadata and its batch's call data only.
    record.disableProperty().bind(model.versionTwoProperty());
    return record;
  }

  private static Button estimateButton(MintViewModel model) {
    Button estimate = new Button("Estimate fee", new FontIcon(MaterialDesignC.CALCULATOR));
    estimate.setId("mint-estimate");
    estimate.disableProperty().bind(model.busyProperty());
    estimate.setOnAction(e -> model.estimate());
    HBox.setHgrow(estimate, Priority.ALWAYS);
    estimate.setMaxWidth(Double.MAX_VALUE);
    return estimate;
  }

  private static Button mintButton(MintViewModel model) {
    Button mint = new Button("Mint", new FontIcon(MaterialDesignH.HEXAGON_MULTIPLE_OUTLINE));
    mint.setId("mint-mint");
    mint.getStyleClass().add(Styles.ACCENT);
    mint.disableProperty().bind(model.canMintProperty().not());
    mint.setOnAction(e -> model.mint());
    HBox.setHgrow(mint, Priority.ALWAYS);
    mint.setMaxWidth(Double.MAX_VALUE);
    return mint;
  }

  private static Label fee(MintViewModel model) {
    Label fee = new Label();
    fee.setId("mint-fee");
    fee.getStyleClass().add("mint-fee");
    fee.setWrapText(true);
    fee.textProperty().bind(model.feeProperty());
    fee.visibleProperty().bind(fee.textProperty().isNotEmpty());
    fee.managedProperty().bind(fee.visibleProperty());
    return fee;
  }

  /**
   * A version 2 estimate: one block a batch (tokens and license, gas and fee, cost per token
   * against version 1), then where the version 1 figures come from.
   */
  private static VBox batches(MintViewModel model) {
    VBox batches = new VBox(6);
    batches.setId("mint-batches");
    batches.getStyleClass().add("mint-batches");
    Label note = new Label(model.versionOneNote());
    note.getStyleClass().add("inspector-hint");
    note.setWrapText(true);
    model
        .batches()
        .subscribe(
            () -> {
              batches.getChildren().setAll(model.batches().stream().map(MintView::batch).toList());
              if (!model.batches().isEmpty()) {
                batches.getChildren().add(note);
              }
            });
    batches.visibleProperty().bind(Bindings.isNotEmpty(model.batches()));
    batches.managedProperty().bind(batches.visibleProperty());
    return batches;
  }

  private static Node batch(BatchPlanWords.Line line) {
    Label title = new Label(line.title());
    title.getStyleClass().add("mint-batch-title");
    Label fee = new Label(line.fee());
    Label perToken = new Label(line.perToken());
    perToken.getStyleClass().add("mint-batch-per-token");
    for (Label l : new Label[] {title, fee, perToken}) {
      l.setWrapText(true);
      l.setMinHeight(Region.USE_PREF_SIZE);
    }
    VBox box = new VBox(2, title, fee, perToken);
    box.getStyleClass().add("mint-batch");
    return box;
  }

  /** One row an asset: its state as a badge, then what happened in words. */
  private static VBox progress(MintViewModel model) {
    VBox progress = new VBox(4);
    progress.setId("mint-progress");
    progress.getStyleClass().add("mint-progress");
    model
        .progress()
        .subscribe(
            () ->
                progress
                    .getChildren()
                    .setAll(model.progress().stream().map(MintView::progressRow).toList()));
    return progress;
  }

  private static Node progressRow(MintProgress p) {
    Label state = new Label(p.state() == null ? "…" : p.state().name());
    state
        .getStyleClass()
        .addAll(
            "mint-state",
            p.state() == null ? "waiting" : p.state().name().toLowerCase(Locale.ROOT));
    state.setMinWidth(Region.USE_PREF_SIZE);
    Label what = new Label("Asset " + p.assetId() + " · " + p.detail());
    what.setWrapText(true);
    HBox row = new HBox(8, state, what);
    row.getStyleClass().add("mint-row");
    return row;
  }

  public Parent root() {
    return root;
  }

  private static Label caption(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("inspector-caption");
    return l;
  }

  static String networkText(Network n) {
    return n.name() + " · chain " + n.chainId() + (n.hasRpcUrl() ? "" : " (no RPC URL)");
  }

  static String collectionText(CollectionEntry c) {
    return c.name() + " (" + c.symbol() + ") · v" + c.version() + " · " + shortAddress(c.address());
  }

  /** "0x6b01…73C9": short enough that the chooser shows name, symbol and version whole. */
  private static String shortAddress(String address) {
    return address == null || address.length() < 12
        ? String.valueOf(address)
        : address.substring(0, 6) + "…" + address.substring(address.length() - 4);
  }
}
