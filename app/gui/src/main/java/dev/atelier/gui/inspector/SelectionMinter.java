package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.Transactions;
import dev.atelier.ethereum.Ether;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.mint.MintException;
import dev.atelier.mint.MintListener;
import dev.atelier.mint.MintOutcome;
import dev.atelier.mint.OnChainProvenance;
import dev.atelier.wallet.UnlockedAccount;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Minting the selected images, the mint panel's last part: the fee estimate (checked and priced, no
 * transaction signed; for a version 2 collection grouped into batches, each signed by the owner and
 * priced per token against version 1), then the mint itself with each image's progress {@code
 * PENDING → SIGNED → SENT → CONFIRMED} and its token. An estimate stands until the selection or a
 * choice above changes.
 */
final class SelectionMinter {

  private final Studio studio;
  private final AssetSelection selection;
  private final BackgroundRunner runner;
  private final Lane chain;
  private final Notices notices;
  private final Unlocker unlocker;
  private final MintPanel panel;

  private final ReadOnlyStringWrapper fee = new ReadOnlyStringWrapper(this, "fee", "");
  private final ReadOnlyBooleanWrapper canMint = new ReadOnlyBooleanWrapper(this, "canMint");
  private final MintProgressList progress = new MintProgressList();
  private final ObservableList<BatchPlanWords.Line> batches = FXCollections.observableArrayList();
  private final ObservableList<BatchPlanWords.Line> batchesView =
      FXCollections.unmodifiableObservableList(batches);
  private PlannedMint plan;

  SelectionMinter(
      Studio studio,
      AssetSelection selection,
      BackgroundRunner runner,
      Lane chain,
      Notices notices,
      Unlocker unlocker,
      MintPanel panel) {
    this.studio = studio;
    this.selection = selection;
    this.runner = runner;
    this.chain = chain;
    this.notices = notices;
    this.unlocker = unlocker;
    this.panel = panel;
    selection.selected().subscribe(this::dropPlan);
    panel.busyProperty().addListener((obs, old, now) -> updateCanMint());
  }

  /**
   * Checks and prices the mint of the selected assets. Version 1: simulated, nothing signed.
   * Version 2: the password is asked first, because each batch is signed by the owner (an off-chain
   * signature of its Merkle root) before it can be priced; no transaction is signed.
   */
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
    if (target.version() == 2) {
      estimateBatches(txs, target, assets, from);
      return;
    }
    boolean record = panel.recordOnChain();
    pricing("Checking and pricing…");
    runner.run(
        () ->
            new PlannedMint.Single(
                studio.mintPlanner().plan(txs, target.id(), assets, from, record)),
        p -> planned(assets, target, p),
        this::notPlanned);
  }

  /**
   * Version 2: unlocks the owner's account for the batches' signatures, then groups, signs and
   * prices. A cancelled password prompt leaves the panel as it was.
   */
  private void estimateBatches(
      Transactions txs, CollectionEntry target, List<Long> assets, String from) {
    int n = assets.size();
    unlocker.run(
        "Sign the batches of "
            + (n == 1 ? "1 image" : n + " images")
            + " for "
            + target.name()
            + " (no transaction is signed yet)",
        from,
        runner,
        unlocked ->
            new PlannedMint.Batches(studio.batchPlanner().plan(txs, target.id(), assets, unlocked)),
        () -> pricing("Signing and pricing the batches…"),
        p -> planned(assets, target, p),
        this::notPlanned,
        () -> {});
  }

  private void pricing(String what) {
    dropPlan();
    panel.busy(true);
    panel.message(what);
  }

  private void planned(List<Long> assets, CollectionEntry target, PlannedMint p) {
    panel.busy(false);
    if (!assets.equals(selection.selected()) || target != panel.collection()) {
      panel.message("The selection changed: estimate again");
      return;
    }
    plan = p;
    switch (p) {
      case PlannedMint.Single s -> {
        int n = s.plan().items().size();
        fee.set(
            (n == 1 ? "1 token" : n + " tokens")
                + " · "
                + MintViewModel.cost(
                    s.plan().gasEstimate(), s.plan().expectedCost(), s.plan().maxCost()));
      }
      case PlannedMint.Batches b -> {
        fee.set(BatchPlanWords.summary(b.plan()));
        batches.setAll(BatchPlanWords.lines(b.plan()));
      }
    }
    panel.message(leftOut(p));
    updateCanMint();
  }

  private void notPlanned(Throwable e) {
    panel.busy(false);
    panel.message(MintViewModel.words(e));
  }

  /** The selected images an earlier mint got to, in words; empty when there are none. */
  private static String leftOut(PlannedMint p) {
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
    PlannedMint p = plan;
    if (p == null) {
      panel.message("Estimate the fee first");
      return;
    }
    progress.waitFor(p.assetIds());
    unlocker.run(
        p.title() + ": at most " + Ether.format(p.maxCost()),
        p.from(),
        chain,
        unlocked -> execute(p, unlocked),
        () -> {
          panel.busy(true);
          panel.message("Minting…");
          dropPlan();
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
  private Finished execute(PlannedMint p, UnlockedAccount unlocked) {
    MintOutcome outcome =
        p.execute(
            studio,
            unlocked,
            new MintListener() {
              @Override
              public void stateWritten(MintJob job) {
                MintProgress row = MintProgressList.row(job, null);
                chain.toScreen(() -> progress.put(row));
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

  private void finished(PlannedMint p, Finished finished) {
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
    batches.clear();
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

  /** A version 2 estimate's batches in words; empty otherwise. */
  ObservableList<BatchPlanWords.Line> batches() {
    return batchesView;
  }

  ObservableList<MintProgress> progress() {
    return progress.view();
  }
}
