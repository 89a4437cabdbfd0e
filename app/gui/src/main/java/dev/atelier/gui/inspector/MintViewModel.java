package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.chain.DevnetFaucet;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.Network;
import dev.atelier.chain.Transactions;
import dev.atelier.ethereum.Ether;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.mint.MintException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The mint panel: the network (with the local devnet started from the studio), the account, the
 * collection (chosen or deployed), the fee estimate for the selected assets, then the mint itself
 * with each asset's progress {@code PENDING → SIGNED → SENT → CONFIRMED} and its token. Chain work
 * that waits for receipts runs on a thread of its own; progress comes back through {@code ui}. Used
 * on the JavaFX thread.
 */
public final class MintViewModel {

  /** The highest royalty offered: above this marketplaces and buyers rarely honour it. */
  static final int MAX_ROYALTY_PERCENT = CollectionDeployer.MAX_ROYALTY_PERCENT;

  /** How long a mint or a deployment waits for its receipts before it is left to settle later. */
  static final Duration WAIT = Duration.ofSeconds(120);

  private final Studio studio;
  private final DevnetModel devnet;
  private final BackgroundRunner runner;
  private final Notices notices;

  private final ObservableList<Network> networks = FXCollections.observableArrayList();
  private final ObjectProperty<Network> network = new SimpleObjectProperty<>(this, "network");
  private final ObservableList<String> accounts = FXCollections.observableArrayList();
  private final ObjectProperty<String> account = new SimpleObjectProperty<>(this, "account");
  private final ObservableList<CollectionEntry> collections = FXCollections.observableArrayList();
  private final ObjectProperty<CollectionEntry> collection =
      new SimpleObjectProperty<>(this, "collection");
  private final ReadOnlyStringWrapper networkStatus = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final BooleanProperty recordOnChain = new SimpleBooleanProperty(this, "recordOnChain");
  private final ReadOnlyBooleanWrapper versionTwo = new ReadOnlyBooleanWrapper(this, "versionTwo");
  private final CollectionDeployer deployer;
  private final SelectionMinter minter;
  private boolean loading;

  MintViewModel(
      Studio studio,
      DevnetModel devnet,
      AssetSelection selection,
      BackgroundRunner runner,
      Notices notices,
      Unlocker unlocker) {
    this.studio = studio;
    this.devnet = devnet;
    this.runner = runner;
    this.notices = notices;
    Panel panel = new Panel();
    // Chain work that waits for blocks (deploy, mint) runs on a long lane of its own.
    Lane chain = runner.longLane("chain");
    this.deployer = new CollectionDeployer(studio, runner, chain, notices, unlocker, panel);
    this.minter = new SelectionMinter(studio, selection, runner, chain, notices, unlocker, panel);
    network.addListener((obs, old, now) -> networkChanged(old, now));
    collection.addListener(
        (obs, old, now) -> {
          versionTwo.set(now != null && now.version() == 2);
          minter.dropPlan();
        });
    account.addListener((obs, old, now) -> minter.dropPlan());
    recordOnChain.addListener((obs, old, now) -> minter.dropPlan());
    devnet.nodeProperty().addListener((obs, old, now) -> showNetworkStatus(now));
  }

  // ---- loading

  private record Snapshot(
      List<Network> networks, List<String> accounts, List<CollectionEntry> collections) {}

  /** Reloads networks, accounts, collections and whether the local devnet runs. */
  public void refresh() {
    devnet.refresh();
    runner.run(
        () ->
            new Snapshot(
                studio.networks().all(),
                studio.wallet().accounts().stream().map(WalletAccount::address).toList(),
                studio.collections().collections()),
        this::show,
        e -> message.set("Could not read the networks: " + Notices.message(e)));
  }

  private void show(Snapshot s) {
    loading = true;
    try {
      String chosenName = network.get() == null ? Network.LOCAL_DEVNET : network.get().name();
      networks.setAll(s.networks());
      network.set(
          s.networks().stream()
              .filter(n -> n.name().equals(chosenName))
              .findFirst()
              .orElse(s.networks().isEmpty() ? null : s.networks().getFirst()));
      String chosenAccount = account.get();
      accounts.setAll(s.accounts());
      account.set(
          s.accounts().stream()
              .filter(a -> a.equalsIgnoreCase(chosenAccount == null ? "" : chosenAccount))
              .findFirst()
              .orElse(s.accounts().isEmpty() ? null : s.accounts().getFirst()));
      allCollections = s.collections();
    } finally {
      loading = false;
    }
    showCollections();
    showNetworkStatus(devnet.nodeProperty().get());
  }

  private List<CollectionEntry> allCollections = List.of();

  private void networkChanged(Network old, Network now) {
    minter.dropPlan();
    if (!loading) {
      showCollections();
      showNetworkStatus(Optional.empty());
    }
  }

  private void showCollections() {
    Network n = network.get();
    CollectionEntry chosen = collection.get();
    List<CollectionEntry> here =
        n == null
            ? List.of()
            : allCollections.stream().filter(c -> c.chainId() == n.chainId()).toList();
    collections.setAll(here);
    collection.set(
        here.stream()
            .filter(c -> chosen != null && c.id() == chosen.id())
            .findFirst()
            .orElse(here.isEmpty() ? null : here.getLast()));
  }

  private void showNetworkStatus(Optional<LocalDevnet.Node> node) {
    if (loading) {
      return;
    }
    Network n = network.get();
    if (n == null) {
      networkStatus.set("No network");
    } else if (isDevnet(n) && node.isEmpty()) {
      networkStatus.set("The local devnet is not running: start it to mint for free");
    } else if (!n.hasRpcUrl()) {
      networkStatus.set(n.name() + " has no RPC URL yet: add one under Settings");
    } else {
      networkStatus.set(
          (isDevnet(n) ? "Running on " : "RPC ")
              + node.map(LocalDevnet.Node::rpcUrl).orElse(n.rpcUrl()));
    }
  }

  private static boolean isDevnet(Network n) {
    return n != null && n.name().equals(Network.LOCAL_DEVNET);
  }

  // ---- the local devnet

  /**
   * Starts the local devnet (or attaches to the one running), stopped again when the studio closes,
   * and gives each wallet account with less than 1 ETH test ether.
   */
  public void startDevnet() {
    busy.set(true);
    message.set("Starting the local devnet…");
    devnet.startAndFund(
        () -> studio.wallet().accounts().stream().map(WalletAccount::address).toList(),
        started -> {
          busy.set(false);
          LocalDevnet.Node node = started.node();
          List<String> funded = started.funded();
          network.set(null);
          message.set(
              "Local devnet running on "
                  + node.rpcUrl()
                  + (funded.isEmpty()
                      ? ""
                      : "; "
                          + funded.size()
                          + " account(s) got "
                          + DevnetFaucet.DEFAULT_FUNDING_ETHER
                          + " ETH of test ether"));
          refresh();
        },
        e -> {
          busy.set(false);
          message.set("");
          notices.error("The local devnet did not start", words(e));
        });
  }

  // ---- collections

  /** Prices a new collection, then asks for the password (showing the cost) and deploys it. */
  public void deployCollection() {
    deployer.deploy();
  }

  /** This panel as its parts see it. */
  private final class Panel implements MintPanel {
    @Override
    public ReadOnlyBooleanProperty busyProperty() {
      return busy.getReadOnlyProperty();
    }

    @Override
    public void busy(boolean on) {
      busy.set(on);
    }

    @Override
    public void message(String text) {
      message.set(text);
    }

    @Override
    public String account() {
      return account.get();
    }

    @Override
    public CollectionEntry collection() {
      return collection.get();
    }

    @Override
    public String networkName() {
      return MintViewModel.this.networkName();
    }

    @Override
    public boolean recordOnChain() {
      return recordOnChain.get();
    }

    @Override
    public Transactions transactions() {
      return MintViewModel.this.transactions();
    }

    @Override
    public void deployed(CollectionEntry c) {
      collection.set(c);
      refresh();
    }
  }

  /** Transactions on the chosen network; explains a missing RPC URL. */
  Transactions transactions() {
    Network n = network.get();
    if (n == null) {
      throw new IllegalArgumentException("Choose a network first");
    }
    if (!n.hasRpcUrl()) {
      throw new IllegalArgumentException(
          isDevnet(n)
              ? "Start the local devnet first"
              : n.name() + " has no RPC URL yet: add one under Settings");
    }
    return new Transactions(new JsonRpc(n.rpcUrl()), n.chainId());
  }

  // ---- minting

  /** Simulates and prices the mint of the selected assets: nothing is signed. */
  public void estimate() {
    minter.estimate();
  }

  /** Asks for the password and mints what the estimate showed, following each asset's state. */
  public void mint() {
    minter.mint();
  }

  // ---- words

  /**
   * A failure in the studio's words: the core's plain message, and for an image not signed for this
   * network a pointer to the inspector's Sign button.
   */
  static String words(Throwable e) {
    String m = Notices.message(e);
    if (e instanceof MintException me && me.reason() == MintException.Reason.NOT_SIGNED) {
      m = m + ". Use “Sign for this network” above.";
    }
    return m;
  }

  static String shortHash(String hash) {
    return hash == null || hash.length() < 14
        ? String.valueOf(hash)
        : hash.substring(0, 10) + "…" + hash.substring(hash.length() - 4);
  }

  static String cost(BigInteger gas, BigInteger expected, BigInteger most) {
    return String.format(
        "gas ≈ %,d · expected %s, at most %s", gas, Ether.format(expected), Ether.format(most));
  }

  // ---- properties

  public ObservableList<Network> networks() {
    return networks;
  }

  /** The network to sign for and mint on; the local devnet at first. */
  public ObjectProperty<Network> networkProperty() {
    return network;
  }

  public ObservableList<String> accounts() {
    return accounts;
  }

  /** The wallet account that signs, deploys and mints. */
  public ObjectProperty<String> accountProperty() {
    return account;
  }

  /** The collections on the chosen network. */
  public ObservableList<CollectionEntry> collections() {
    return collections;
  }

  public ObjectProperty<CollectionEntry> collectionProperty() {
    return collection;
  }

  public StringProperty collectionNameProperty() {
    return deployer.nameProperty();
  }

  /** The ERC-2981 royalty a new collection asks on resales, in percent (0 to 50). */
  public ObjectProperty<Integer> royaltyPercentProperty() {
    return deployer.royaltyPercentProperty();
  }

  /** Whether a new collection is deployed as version 2 (the default) or version 1. */
  public BooleanProperty deployVersionTwoProperty() {
    return deployer.versionTwoProperty();
  }

  public StringProperty collectionSymbolProperty() {
    return deployer.symbolProperty();
  }

  public BooleanProperty recordOnChainProperty() {
    return recordOnChain;
  }

  /** The chosen network in words, or what it lacks. */
  public ReadOnlyStringProperty networkStatusProperty() {
    return networkStatus.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty devnetRunningProperty() {
    return devnet.runningProperty();
  }

  /** The estimate for the selected assets, empty until estimated. */
  public ReadOnlyStringProperty feeProperty() {
    return minter.feeProperty();
  }

  /** What is happening or what went wrong, inline; empty when nothing is to say. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** True when an estimate stands for the current selection and nothing runs. */
  public ReadOnlyBooleanProperty canMintProperty() {
    return minter.canMintProperty();
  }

  /**
   * A version 2 estimate's batches in words (tokens and license, gas and fee, cost per token
   * against version 1); empty for version 1 and until estimated.
   */
  public ObservableList<BatchPlanWords.Line> batches() {
    return minter.batches();
  }

  /** Where the version 1 figures beside a version 2 estimate come from. */
  public String versionOneNote() {
    return BatchPlanWords.V1_NOTE;
  }

  /** True while the chosen collection is version 2 (batches; records stay off-chain). */
  public ReadOnlyBooleanProperty versionTwoProperty() {
    return versionTwo.getReadOnlyProperty();
  }

  /** Each asset's mint, in order. */
  public ObservableList<MintProgress> progress() {
    return minter.progress();
  }

  /** The chosen network's chain id; the local devnet's when none is chosen. */
  long chainId() {
    return network.get() == null ? dev.atelier.chain.Devnet.CHAIN_ID : network.get().chainId();
  }

  String networkName() {
    return network.get() == null ? Network.LOCAL_DEVNET : network.get().name();
  }

  Optional<String> account() {
    return Optional.ofNullable(account.get());
  }
}
