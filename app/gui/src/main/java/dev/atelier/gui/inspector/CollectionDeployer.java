package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.chain.Transactions;
import dev.atelier.ethereum.Ether;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The mint panel's new-collection form: name, symbol and royalty, then the deployment priced, the
 * password asked (showing the cost) and the contract deployed. Reports through the panel's busy
 * flag and message.
 */
final class CollectionDeployer {

  /** The royalty a new collection starts with, in percent of each resale (ERC-2981). */
  static final int DEFAULT_ROYALTY_PERCENT = 5;

  /** The highest royalty offered: above this marketplaces and buyers rarely honour it. */
  static final int MAX_ROYALTY_PERCENT = 50;

  private final Studio studio;
  private final BackgroundRunner runner;
  private final Lane chain;
  private final Notices notices;
  private final Unlocker unlocker;
  private final MintPanel panel;

  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final StringProperty symbol = new SimpleStringProperty(this, "symbol", "");
  private final ObjectProperty<Integer> royaltyPercent =
      new SimpleObjectProperty<>(this, "royaltyPercent", DEFAULT_ROYALTY_PERCENT);
  private final BooleanProperty versionTwo = new SimpleBooleanProperty(this, "versionTwo", true);

  CollectionDeployer(
      Studio studio,
      BackgroundRunner runner,
      Lane chain,
      Notices notices,
      Unlocker unlocker,
      MintPanel panel) {
    this.studio = studio;
    this.runner = runner;
    this.chain = chain;
    this.notices = notices;
    this.unlocker = unlocker;
    this.panel = panel;
  }

  /** Prices a new collection, then asks for the password (showing the cost) and deploys it. */
  void deploy() {
    String n = name.get().strip();
    String s = symbol.get().strip();
    String owner = panel.account();
    Integer percent = royaltyPercent.get();
    Transactions txs;
    try {
      txs = checked(n, s, owner, percent);
    } catch (IllegalArgumentException e) {
      panel.message(e.getMessage());
      return;
    }
    price(txs, owner, n, s, percent * 100);
  }

  /**
   * The chosen network's transactions once the form is complete.
   *
   * @throws IllegalArgumentException saying what is missing, the first thing first
   */
  private Transactions checked(String n, String s, String owner, Integer percent) {
    if (n.isEmpty() || s.isEmpty()) {
      throw new IllegalArgumentException("Give the collection a name and a symbol (such as TIDE)");
    }
    if (owner == null) {
      throw new IllegalArgumentException("Create or import a wallet account first (Wallet)");
    }
    Transactions txs = panel.transactions();
    if (percent == null || percent < 0 || percent > MAX_ROYALTY_PERCENT) {
      throw new IllegalArgumentException(
          "A royalty is 0 to " + MAX_ROYALTY_PERCENT + " % of each resale");
    }
    return txs;
  }

  private void price(Transactions txs, String owner, String n, String s, int royaltyBps) {
    panel.busy(true);
    panel.message("Pricing the deployment…");
    runner.run(
        () -> studio.collections().prepareDeploy(txs, owner, n, s, royaltyBps, version()),
        tx -> {
          panel.busy(false);
          panel.message(
              "Deploying costs "
                  + MintViewModel.cost(tx.gasEstimate(), tx.expectedCost(), tx.maxCost()));
          unlocker.run(
              "Deploy " + n + " (" + s + "): at most " + Ether.format(tx.maxCost()),
              owner,
              chain,
              unlocked -> studio.collections().deploy(txs, tx, unlocked, MintViewModel.WAIT),
              () -> {
                panel.busy(true);
                panel.message("Deploying " + n + "…");
              },
              this::deployed,
              failed("The collection was not deployed"),
              () -> panel.message("Cancelled: nothing was signed"));
        },
        failed("Cannot deploy a collection"));
  }

  private void deployed(CollectionEntry c) {
    panel.busy(false);
    panel.message("Deployed " + c.name() + " at " + c.address() + " on chain " + c.chainId());
    notices.info("Collection deployed", c.name() + " · " + c.address());
    name.set("");
    symbol.set("");
    panel.deployed(c);
  }

  private Consumer<Throwable> failed(String title) {
    return e -> {
      panel.busy(false);
      panel.message("");
      notices.error(title, MintViewModel.words(e));
    };
  }

  StringProperty nameProperty() {
    return name;
  }

  StringProperty symbolProperty() {
    return symbol;
  }

  ObjectProperty<Integer> royaltyPercentProperty() {
    return royaltyPercent;
  }

  /**
   * Whether a new collection is version 2 (minted in signed batches, under half the gas of a plain
   * mint per token); version 1 otherwise.
   */
  BooleanProperty versionTwoProperty() {
    return versionTwo;
  }

  private int version() {
    return versionTwo.get() ? 2 : 1;
  }
}
