package dev.atelier.mint;

import dev.atelier.catalog.CatalogException;
import dev.atelier.catalog.MintJob;
import dev.atelier.wallet.UnlockedAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link BatchPlan}: pins the content, then takes each batch through the write-ahead
 * states of {@link MintJobStates} (one job per asset, the jobs of a batch moved together, see its
 * class comment) and follows the receipts. As with {@link Minter}, a process killed at any moment
 * never loses a batch and never mints it twice: {@link Reconciler} settles what it left, sending a
 * lost batch again with the same signed bytes.
 */
public final class BatchMinter {

  private final MintJobStates states;
  private final Minter minter;
  private final Receipts receipts;
  private final ContentPinner pinner;
  private final Clock clock;

  BatchMinter(
      MintJobStates states, Minter minter, Receipts receipts, ContentPinner pinner, Clock clock) {
    this.states = states;
    this.minter = minter;
    this.receipts = receipts;
    this.pinner = pinner;
    this.clock = clock;
  }

  /**
   * Mints what {@code plan} describes: pins the content when an IPFS node is configured, then for
   * each batch writes its jobs, signs its {@code mintBatch} at the account's next nonce, stores the
   * signed transaction on every job of the batch, sends it and records that it was sent; last it
   * waits up to {@code timeout} for the receipts.
   *
   * <p>It stops sending at the first failure and says why in the outcome; what was sent before is
   * still followed. Nothing here is sent twice.
   *
   * @return every job of the batches it got to, in plan order
   * @throws MintException {@link MintException.Reason#PINNING} before any job when pinning fails
   */
  public MintOutcome execute(
      BatchPlan plan, UnlockedAccount account, Duration timeout, MintListener listener) {
    if (!account.address().equalsIgnoreCase(plan.from())) {
      throw new IllegalArgumentException(
          "The plan mints from " + plan.from() + ", not " + account.address());
    }
    pinner.pin(plan.contents());
    List<MintJob> jobs = new ArrayList<>();
    String stopped = null;
    for (BatchPlan.Batch batch : plan.batches()) {
      List<Long> assets = batch.items().stream().map(BatchPlan.Item::assetId).toList();
      List<MintJob> pending;
      try {
        pending = states.pendingBatch(assets, plan.collection().id(), listener);
      } catch (CatalogException e) {
        stopped =
            "An asset of "
                + assets
                + " is already being minted into "
                + plan.collection().name()
                + " by another job";
        break;
      }
      Minter.Step step =
          minter.signAndSend(plan.txs(), pending.getFirst(), batch.tx(), account, listener);
      jobs.addAll(step.job().map(states::batchOf).orElse(pending));
      if (step.stopped() != null) {
        stopped = step.stopped();
        break;
      }
    }
    Instant deadline = clock.instant().plus(timeout);
    return new MintOutcome(
        receipts.awaitAll(plan.txs(), jobs, deadline, listener),
        Optional.ofNullable(stopped),
        receipts.awaitAll(plan.txs(), plan.earlier(), deadline, MintListener.NONE));
  }
}
