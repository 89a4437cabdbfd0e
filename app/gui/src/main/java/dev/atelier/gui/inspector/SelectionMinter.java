package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.Transactions;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import dev.atelier.mint.MintException;
import dev.atelier.mint.MintListener;
import dev.atelier.mint.MintOutcome;
import dev.atelier.mint.MintPlan;
import dev.atelier.mint.OnChainProvenance;
import dev.atelier.wallet.UnlockedAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/**
 * Minting the selected images, the mint panel's last part: the fee estimate (checked and priced,
 * nothing signed), then the mint itself with each image's progress {@code PENDING → SIGNED → SENT →
 * CONFIRMED} and its token. An estimate stands until the selection or a choice above changes.
 */
final class SelectionMinter {

  private final Studio studio;
  private final AssetSelection selection;
  private final BackgroundRunner runner;
  private final BackgroundRunner chain;
  private final Executor ui;
  private final Notices notices;
  private final Unlocker unlocker;
  private final MintPanel panel;

  private final ReadOnlyStringWrapper fee = new ReadOnlyStringWrapper(this, "fee", "");
  private final ReadOnlyBooleanWrapper canMint = new ReadOnlyBooleanWrapper(this, "canMint");
  private final MintProgressList progress = new MintProgressList();
  private MintPlan plan;

  SelectionMinter(
      Studio studio,
      AssetSelection selection,
      BackgroundRunner runner,
      BackgroundRunner chain,
      Executor ui,
      Notices notices,
      Unlocker unlocker,
      MintPanel panel) {
    this.studio = studio;
    this.selection = selection;
    this.runner = runner;
    this.chain = chain;
    this.ui = ui;
    this.notices = notices;
    this.unlocker = unlocker;
    this.panel = panel;
    selection.selected().subscribe(this::dropPlan);
    panel.busyProperty().addListener((obs, old, now) -> updateCanMint());
  }

  /** Simulates and prices the mint of the selected assets: nothing is signed. */
  void estimate() {
    List<Long> assets = List.copyOf(selection.selected());
    CollectionEntry target = panel.collection();
    String from = panel.account();
    if (assets.isEmpty()) {
      panel.message("Select the images to mint");
      return;
    }
    if (from == null) {
      panel.message("Create or import a wallet account first (Wallet)");
      return;
    }
    if (target == null) {
      panel.message("Choose a collection, or deploy one, on " + panel.networkName());
      return;
    }
    Transactions txs;
    try {
      txs = panel.transactions();
    } catch (IllegalArgumentException e) {
      panel.message(e.getMessage());
      return;
    }
    boolean record = panel.recordOnChain();
    dropPlan();
    panel.busy(true);
    panel.message("Checking and pricing…");
    runner.run(
        () -> studio.mintPlanner().plan(txs, target.id(), assets, from, record),
        p -> {
          panel.busy(false);
          if (!assets.equals(selection.selected()) || target != panel.collection()) {
            panel.message("The selection changed: estimate again");
            return;
          }
          plan = p;
          fee.set(
              (p.items().size() == 1 ? "1 token" : p.items().size() + " tokens")
                  + " · "
                  + MintViewModel.cost(p.gasEstimate(), p.expectedCost(), p.maxCost()));
          panel.message(leftOut(p));
          updateCanMint();
        },
        e -> {
          panel.busy(false);
          panel.message(MintViewModel.words(e));
        });
  }

  /** The selected images an earlier mint got to, in words; empty when there are none. */
  private static String leftOut(MintPlan p) {
    return p.earlier().isEmpty()
        ? ""
        : "Left out: "
            + String.join(
                "; ",
                p.earlier().stream()
                    .map(j -> MintException.describe(j, p.collection().name()))
                    .toList());
  }

  /** Asks for the password and mints what the estimate showed, following each asset's state. */
  void mint() {
    MintPlan p = plan;
    if (p == null) {
      panel.message("Estimate the fee first");
      return;
    }
    progress.waitFor(p);
    unlocker.run(
        "Mint "
            + (p.items().size() == 1 ? "1 image" : p.items().size() + " images")
            + ": at most "
            + MintViewModel.eth(p.maxCost()),
        p.from(),
        chain,
        unlocked -> execute(p, unlocked),
        () -> {
          panel.busy(true);
          panel.message("Minting…");
          plan = null;
          fee.set("");
          updateCanMint();
        },
        finished -> finished(p, finished),
        e -> {
          panel.busy(false);
          panel.message("");
          progress.clear();
          notices.error("Nothing was minted", MintViewModel.words(e));
        },
        () -> {
          progress.clear();
          panel.message("Cancelled: nothing was signed");
        });
  }

  private record Finished(MintOutcome outcome, List<MintProgress> rows) {}

  /** Mints on the chain thread, each state written shown at once, then checks the tokens. */
  private Finished execute(MintPlan p, UnlockedAccount unlocked) {
    MintOutcome outcome =
        studio
            .minter()
            .execute(
                p,
                unlocked,
                MintViewModel.WAIT,
                new MintListener() {
                  @Override
                  public void stateWritten(MintJob job) {
                    MintProgress row = MintProgressList.row(job, null);
                    ui.execute(() -> progress.put(row));
                  }
                });
    List<MintProgress> rows = new ArrayList<>();
    for (MintJob job : outcome.jobs()) {
      OnChainProvenance check =
          job.state() == State.CONFIRMED ? studio.onChainCheck().check(p.txs(), job) : null;
      rows.add(MintProgressList.row(job, check));
    }
    return new Finished(outcome, rows);
  }

  private void finished(MintPlan p, Finished finished) {
    panel.busy(false);
    finished.rows().forEach(progress::put);
    MintOutcome o = finished.outcome();
    int confirmed = o.in(State.CONFIRMED).size();
    panel.message(o.stopped().map(why -> "Stopped: " + why).orElse(""));
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
  }

  void dropPlan() {
    plan = null;
    fee.set("");
    updateCanMint();
  }

  private void updateCanMint() {
    canMint.set(plan != null && !panel.busyProperty().get());
  }

  ReadOnlyStringProperty feeProperty() {
    return fee.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty canMintProperty() {
    return canMint.getReadOnlyProperty();
  }

  ObservableList<MintProgress> progress() {
    return progress.view();
  }
}
