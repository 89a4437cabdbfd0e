package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.Network;
import dev.atelier.chain.Networks;
import dev.atelier.chain.Transactions;
import dev.atelier.ethereum.Ether;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.mint.MintException;
import dev.atelier.mint.MintListener;
import dev.atelier.mint.MintOutcome;
import dev.atelier.mint.MintPlan;
import dev.atelier.mint.OnChainProvenance;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
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
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The mint panel: the network (with the local devnet started from the studio), the account, the
 * collection (chosen or deployed), the fee estimate for the selected assets, then the mint itself
 * with each asset's progress {@code PENDING → SIGNED → SENT → CONFIRMED} and its token. Chain work
 * that waits for receipts runs on a long lane of its own; progress comes back through it. Used on
 * the JavaFX thread.
 */
public final class MintViewModel {

  /** The royalty a new collection starts with, in percent of each resale (ERC-2981). */
  static final int DEFAULT_ROYALTY_PERCENT = 5;

  /** The highest royalty offered: above this marketplaces and buyers rarely honour it. */
  static final int MAX_ROYALTY_PERCENT = 50;

  /** How long a mint or a deployment waits for its receipts before it is left to settle later. */
  static final Duration WAIT = Duration.ofSeconds(120);

  private static final BigInteger LOW_BALANCE = LocalDevnet.ETHER;

  private final Studio studio;
  private final AssetSelection selection;
  private final BackgroundRunner runner;

  /** Chain work that waits for blocks (deploy, mint), on a long lane of its own. */
  private final Lane chain;

  private final Notices notices;
  private final Unlocker unlocker;

  private final ObservableList<Network> networks = FXCollections.observableArrayList();
  private final ObjectProperty<Network> network = new SimpleObjectProperty<>(this, "network");
  private final ObservableList<String> accounts = FXCollections.observableArrayList();
  private final ObjectProperty<String> account = new SimpleObjectProperty<>(this, "account");
  private final ObservableList<CollectionEntry> collections = FXCollections.observableArrayList();
  private final ObjectProperty<CollectionEntry> collection =
      new SimpleObjectProperty<>(this, "collection");
  private final ReadOnlyStringWrapper networkStatus = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyBooleanWrapper devnetRunning = new ReadOnlyBooleanWrapper(this, "devnet");
  private final ReadOnlyStringWrapper fee = new ReadOnlyStringWrapper(this, "fee", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyBooleanWrapper canMint = new ReadOnlyBooleanWrapper(this, "canMint");
  private final StringProperty collectionName = new SimpleStringProperty(this, "name", "");
  private final StringProperty collectionSymbol = new SimpleStringProperty(this, "symbol", "");
  private final ObjectProperty<Integer> royaltyPercent =
      new SimpleObjectProperty<>(this, "royaltyPercent", DEFAULT_ROYALTY_PERCENT);
  private final BooleanProperty recordOnChain = new SimpleBooleanProperty(this, "recordOnChain");
  private final ObservableList<MintProgress> progress = FXCollections.observableArrayList();
  private final ObservableList<MintProgress> progressView =
      FXCollections.unmodifiableObservableList(progress);
  private MintPlan plan;
  private boolean loading;

  MintViewModel(
      Studio studio,
      AssetSelection selection,
      BackgroundRunner runner,
      Notices notices,
      Unlocker unlocker) {
    this.studio = studio;
    this.selection = selection;
    this.runner = runner;
    this.chain = runner.longLane("chain");
    this.notices = notices;
    this.unlocker = unlocker;
    network.addListener((obs, old, now) -> networkChanged(old, now));
    collection.addListener((obs, old, now) -> dropPlan());
    account.addListener((obs, old, now) -> dropPlan());
    recordOnChain.addListener((obs, old, now) -> dropPlan());
    selection.selected().subscribe(this::dropPlan);
    busy.addListener((obs, old, now) -> updateCanMint());
  }

  // ---- loading

  private record Snapshot(
      List<Network> networks,
      List<String> accounts,
      List<CollectionEntry> collections,
      Optional<LocalDevnet.Node> devnet) {}

  /** Reloads networks, accounts, collections and whether the local devnet runs. */
  public void refresh() {
    runner.run(
        () ->
            new Snapshot(
                Networks.load(studio.settings()),
                studio.wallet().accounts().stream().map(WalletAccount::address).toList(),
                studio.mint().collections(),
                studio.devnet().running()),
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
      devnetRunning.set(s.devnet().isPresent());
      allCollections = s.collections();
    } finally {
      loading = false;
    }
    showCollections();
    showNetworkStatus(s.devnet());
  }

  private List<CollectionEntry> allCollections = List.of();

  private void networkChanged(Network old, Network now) {
    dropPlan();
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
    Network n = network.get();
    if (n == null) {
      networkStatus.set("No network");
    } else if (isDevnet(n) && !devnetRunning.get()) {
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
    runner.run(
        () -> {
          LocalDevnet devnet = studio.devnet();
          LocalDevnet.Node node = devnet.start(LocalDevnet.Mode.OWNED);
          List<String> funded = new ArrayList<>();
          for (WalletAccount a : studio.wallet().accounts()) {
            if (devnet.balance(a.address()).compareTo(LOW_BALANCE) < 0) {
              devnet.fund(a.address());
              funded.add(a.address());
            }
          }
          return new Started(node, funded);
        },
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
                      : "; " + funded.size() + " account(s) got 100 ETH of test ether"));
          refresh();
        },
        e -> {
          busy.set(false);
          message.set("");
          notices.error("The local devnet did not start", words(e));
        });
  }

  private record Started(LocalDevnet.Node node, List<String> funded) {}

  // ---- collections

  /** Prices a new collection, then asks for the password (showing the cost) and deploys it. */
  public void deployCollection() {
    String name = collectionName.get().strip();
    String symbol = collectionSymbol.get().strip();
    String owner = account.get();
    if (name.isEmpty() || symbol.isEmpty()) {
      message.set("Give the collection a name and a symbol (such as TIDE)");
      return;
    }
    if (owner == null) {
      message.set("Create or import a wallet account first (Wallet)");
      return;
    }
    Transactions txs;
    try {
      txs = transactions();
    } catch (IllegalArgumentException e) {
      message.set(e.getMessage());
      return;
    }
    Integer percent = royaltyPercent.get();
    if (percent == null || percent < 0 || percent > MAX_ROYALTY_PERCENT) {
      message.set("A royalty is 0 to " + MAX_ROYALTY_PERCENT + " % of each resale");
      return;
    }
    int royaltyBps = percent * 100;
    busy.set(true);
    message.set("Pricing the deployment…");
    runner.run(
        () -> studio.mint().prepareDeploy(txs, owner, name, symbol, royaltyBps),
        tx -> {
          busy.set(false);
          message.set("Deploying costs " + cost(tx.gasEstimate(), tx.expectedCost(), tx.maxCost()));
          unlocker.run(
              "Deploy " + name + " (" + symbol + "): at most " + Ether.format(tx.maxCost()),
              owner,
              chain,
              unlocked -> studio.mint().deploy(txs, tx, unlocked, WAIT),
              () -> {
                busy.set(true);
                message.set("Deploying " + name + "…");
              },
              deployed -> {
                busy.set(false);
                message.set(
                    "Deployed "
                        + deployed.name()
                        + " at "
                        + deployed.address()
                        + " on chain "
                        + deployed.chainId());
                notices.info("Collection deployed", deployed.name() + " · " + deployed.address());
                collection.set(deployed);
                collectionName.set("");
                collectionSymbol.set("");
                refresh();
              },
              e -> {
                busy.set(false);
                message.set("");
                notices.error("The collection was not deployed", words(e));
              },
              () -> message.set("Cancelled: nothing was signed"));
        },
        e -> {
          busy.set(false);
          message.set("");
          notices.error("Cannot deploy a collection", words(e));
        });
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
    List<Long> assets = List.copyOf(selection.selected());
    CollectionEntry target = collection.get();
    String from = account.get();
    if (assets.isEmpty()) {
      message.set("Select the images to mint");
      return;
    }
    if (from == null) {
      message.set("Create or import a wallet account first (Wallet)");
      return;
    }
    if (target == null) {
      message.set("Choose a collection, or deploy one, on " + networkName());
      return;
    }
    Transactions txs;
    try {
      txs = transactions();
    } catch (IllegalArgumentException e) {
      message.set(e.getMessage());
      return;
    }
    boolean record = recordOnChain.get();
    dropPlan();
    busy.set(true);
    message.set("Checking and pricing…");
    runner.run(
        () -> studio.mint().plan(txs, target.id(), assets, from, record),
        p -> {
          busy.set(false);
          if (!assets.equals(selection.selected()) || target != collection.get()) {
            message.set("The selection changed: estimate again");
            return;
          }
          plan = p;
          fee.set(
              (p.items().size() == 1 ? "1 token" : p.items().size() + " tokens")
                  + " · "
                  + cost(p.gasEstimate(), p.expectedCost(), p.maxCost()));
          message.set("");
          updateCanMint();
        },
        e -> {
          busy.set(false);
          message.set(words(e));
        });
  }

  /** Asks for the password and mints what the estimate showed, following each asset's state. */
  public void mint() {
    MintPlan p = plan;
    if (p == null) {
      message.set("Estimate the fee first");
      return;
    }
    progress.setAll(
        p.items().stream().map(i -> new MintProgress(i.assetId(), null, null, "waiting")).toList());
    unlocker.run(
        "Mint "
            + (p.items().size() == 1 ? "1 image" : p.items().size() + " images")
            + ": at most "
            + Ether.format(p.maxCost()),
        p.from(),
        chain,
        unlocked -> {
          MintOutcome outcome =
              studio
                  .mint()
                  .execute(
                      p,
                      unlocked,
                      WAIT,
                      new MintListener() {
                        @Override
                        public void stateWritten(MintJob job) {
                          MintProgress row = row(job, null);
                          chain.toScreen(() -> put(row));
                        }
                      });
          List<MintProgress> rows = new ArrayList<>();
          for (MintJob job : outcome.jobs()) {
            OnChainProvenance check =
                job.state() == State.CONFIRMED ? studio.mint().checkOnChain(p.txs(), job) : null;
            rows.add(row(job, check));
          }
          return new Finished(outcome, rows);
        },
        () -> {
          busy.set(true);
          message.set("Minting…");
          plan = null;
          fee.set("");
          updateCanMint();
        },
        finished -> {
          busy.set(false);
          finished.rows().forEach(this::put);
          MintOutcome o = finished.outcome();
          int confirmed = o.in(State.CONFIRMED).size();
          message.set(o.stopped().map(why -> "Stopped: " + why).orElse(""));
          if (confirmed > 0) {
            notices.info(
                confirmed == 1 ? "Minted 1 token" : "Minted " + confirmed + " tokens",
                p.collection().name() + " · " + p.collection().address());
          }
          if (!o.in(State.FAILED).isEmpty()) {
            notices.error(
                "Some images were not minted",
                o.in(State.FAILED).stream()
                    .map(j -> "asset " + j.assetId() + ": " + j.error())
                    .reduce((a, b) -> a + "; " + b)
                    .orElse(""));
          }
          selection.changed();
        },
        e -> {
          busy.set(false);
          message.set("");
          progress.clear();
          notices.error("Nothing was minted", words(e));
        },
        () -> {
          progress.clear();
          message.set("Cancelled: nothing was signed");
        });
  }

  private record Finished(MintOutcome outcome, List<MintProgress> rows) {}

  private static MintProgress row(MintJob job, OnChainProvenance check) {
    String detail =
        switch (job.state()) {
          case PENDING -> "preparing";
          case SIGNED -> "signed, sending";
          case SENT -> "sent " + shortHash(job.txHash()) + ", waiting for a block";
          case CONFIRMED ->
              "token #"
                  + job.tokenId()
                  + " in block "
                  + job.blockNumber()
                  + (check == null ? "" : " · " + check.tokenUri())
                  + (check == null
                      ? ""
                      : check.verified()
                          ? " · provenance verified on-chain"
                          : " · provenance NOT verified: " + String.join("; ", check.problems()));
          case FAILED -> job.error();
        };
    return new MintProgress(job.assetId(), job.state(), job.tokenId(), detail);
  }

  private void put(MintProgress row) {
    for (int i = 0; i < progress.size(); i++) {
      if (progress.get(i).assetId() == row.assetId()) {
        progress.set(i, row);
        return;
      }
    }
    progress.add(row);
  }

  private void dropPlan() {
    plan = null;
    fee.set("");
    updateCanMint();
  }

  private void updateCanMint() {
    canMint.set(plan != null && !busy.get());
  }

  // ---- words

  /**
   * A failure in the studio's words: the command lines the core suggests become what to do in this
   * panel.
   */
  static String words(Throwable e) {
    String m =
        Notices.message(e)
            .replaceAll("\\s*\\((?:see: )?atelier [^)]*\\)", "")
            .replaceAll(";\\s*see: atelier [a-z -]+", "")
            .replace("atelier devnet start", "start the local devnet");
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
    return collectionName;
  }

  /** The ERC-2981 royalty a new collection asks on resales, in percent (0 to 50). */
  public ObjectProperty<Integer> royaltyPercentProperty() {
    return royaltyPercent;
  }

  public StringProperty collectionSymbolProperty() {
    return collectionSymbol;
  }

  public BooleanProperty recordOnChainProperty() {
    return recordOnChain;
  }

  /** The chosen network in words, or what it lacks. */
  public ReadOnlyStringProperty networkStatusProperty() {
    return networkStatus.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty devnetRunningProperty() {
    return devnetRunning.getReadOnlyProperty();
  }

  /** The estimate for the selected assets, empty until estimated. */
  public ReadOnlyStringProperty feeProperty() {
    return fee.getReadOnlyProperty();
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
    return canMint.getReadOnlyProperty();
  }

  /** Each asset's mint, in order. */
  public ObservableList<MintProgress> progress() {
    return progressView;
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
