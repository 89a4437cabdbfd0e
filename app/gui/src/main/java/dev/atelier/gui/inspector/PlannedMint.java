package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.Transactions;
import dev.atelier.mint.BatchPlan;
import dev.atelier.mint.MintListener;
import dev.atelier.mint.MintOutcome;
import dev.atelier.mint.MintPlan;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.util.List;

/**
 * A mint the panel has checked and priced, waiting for the artist's confirmation: one transaction
 * an image (version 1) or batches of images (version 2).
 */
sealed interface PlannedMint {

  CollectionEntry collection();

  Transactions txs();

  /** The account that signs and receives the tokens. */
  String from();

  /** The images it mints, in order. */
  List<Long> assetIds();

  /** The live jobs of images left out because an earlier mint got to them. */
  List<MintJob> earlier();

  /** The most it can cost, in wei. */
  BigInteger maxCost();

  /** What the password prompt says it is for. */
  String title();

  /** Mints it with the owner's unlocked account, on the calling thread. */
  MintOutcome execute(Studio studio, UnlockedAccount account, MintListener listener);

  /** A version 1 plan: one {@code mintWithProvenance} an image. */
  record Single(MintPlan plan) implements PlannedMint {
    @Override
    public CollectionEntry collection() {
      return plan.collection();
    }

    @Override
    public Transactions txs() {
      return plan.txs();
    }

    @Override
    public String from() {
      return plan.from();
    }

    @Override
    public List<Long> assetIds() {
      return plan.items().stream().map(MintPlan.Item::assetId).toList();
    }

    @Override
    public List<MintJob> earlier() {
      return plan.earlier();
    }

    @Override
    public BigInteger maxCost() {
      return plan.maxCost();
    }

    @Override
    public String title() {
      int n = plan.items().size();
      return "Mint " + (n == 1 ? "1 image" : n + " images");
    }

    @Override
    public MintOutcome execute(Studio studio, UnlockedAccount account, MintListener listener) {
      return studio.minter().execute(plan, account, MintViewModel.WAIT, listener);
    }
  }

  /** A version 2 plan: batches, each one signed {@code mintBatch}. */
  record Batches(BatchPlan plan) implements PlannedMint {
    @Override
    public CollectionEntry collection() {
      return plan.collection();
    }

    @Override
    public Transactions txs() {
      return plan.txs();
    }

    @Override
    public String from() {
      return plan.from();
    }

    @Override
    public List<Long> assetIds() {
      return plan.batches().stream()
          .flatMap(b -> b.items().stream())
          .map(BatchPlan.Item::assetId)
          .toList();
    }

    @Override
    public List<MintJob> earlier() {
      return plan.earlier();
    }

    @Override
    public BigInteger maxCost() {
      return plan.maxCost();
    }

    @Override
    public String title() {
      int n = plan.tokenCount();
      int b = plan.batches().size();
      return "Mint "
          + (n == 1 ? "1 image" : n + " images")
          + " in "
          + (b == 1 ? "1 batch" : b + " batches");
    }

    @Override
    public MintOutcome execute(Studio studio, UnlockedAccount account, MintListener listener) {
      return studio.batchMinter().execute(plan, account, MintViewModel.WAIT, listener);
    }
  }
}
