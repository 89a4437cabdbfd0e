package dev.atelier.mint;

import dev.atelier.catalog.CatalogException;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.SignedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out a {@link MintPlan}: pins the content, then takes each asset through the write-ahead
 * states of {@link MintJobStates} and follows the receipts. A process killed at any moment never
 * loses a mint and never mints an asset twice: {@link Reconciler} settles what it left.
 */
public final class Minter {

  private final MintJobStates states;
  private final Reconciler reconciler;
  private final Receipts receipts;
  private final ContentPinner pinner;
  private final Clock clock;

  Minter(
      MintJobStates states,
      Reconciler reconciler,
      Receipts receipts,
      ContentPinner pinner,
      Clock clock) {
    this.states = states;
    this.reconciler = reconciler;
    this.receipts = receipts;
    this.pinner = pinner;
    this.clock = clock;
  }

  /**
   * Mints what {@code plan} describes: pins the content when an IPFS node is configured, then for
   * each asset writes its job, signs at the account's next nonce, stores the signed transaction,
   * sends it and records that it was sent; last it waits up to {@code timeout} for the receipts (of
   * the plan's earlier jobs still under way too).
   *
   * <p>It stops sending at the first failure (unfunded wallet, node down, refused transaction) and
   * says why in the outcome; what was sent before is still followed. Nothing here is sent twice.
   *
   * @throws MintException {@link MintException.Reason#PINNING} before any job when pinning fails
   */
  public MintOutcome execute(
      MintPlan plan, UnlockedAccount account, Duration timeout, MintListener listener) {
    if (!account.address().equalsIgnoreCase(plan.from())) {
      throw new IllegalArgumentException(
          "The plan mints from " + plan.from() + ", not " + account.address());
    }
    pinner.pin(plan);
    List<MintJob> jobs = new ArrayList<>();
    String stopped = null;
    for (MintPlan.Item item : plan.items()) {
      Step step = send(plan, item, account, listener);
      step.job().ifPresent(jobs::add);
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

  /**
   * One asset's job (a batch's first job) as far as sending took it, and why the run stops there
   * (null: it goes on).
   */
  record Step(Optional<MintJob> job, String stopped) {}

  /**
   * {@code PENDING}, signed, {@code SIGNED}, broadcast, {@code SENT}: each state before its step.
   */
  private Step send(
      MintPlan plan, MintPlan.Item item, UnlockedAccount account, MintListener listener) {
    Transactions txs = plan.txs();
    MintJob job;
    try {
      job = states.pending(item.assetId(), plan.collection().id(), listener);
    } catch (CatalogException e) {
      return new Step(
          Optional.empty(),
          "Asset "
              + item.assetId()
              + " is already being minted into "
              + plan.collection().name()
              + " by another job");
    }
    return signAndSend(txs, job, item.tx(), account, listener);
  }

  /**
   * Takes a {@code PENDING} job (or a batch's first job, which moves its batch) on: signs {@code
   * tx} at the account's next nonce, {@code SIGNED} with the bytes, broadcast, {@code SENT}.
   */
  Step signAndSend(
      Transactions txs,
      MintJob job,
      PreparedTransaction tx,
      UnlockedAccount account,
      MintListener listener) {
    SignedTransaction signed;
    try {
      signed = txs.sign(tx, account, txs.nextNonce(account.address()));
    } catch (ChainException e) {
      return new Step(
          Optional.of(states.failed(job, "Not sent: " + e.getMessage(), listener)), e.getMessage());
    }
    job = states.signed(job, signed, listener);
    try {
      txs.broadcast(signed);
      listener.broadcast(job);
      return new Step(Optional.of(states.sent(job, signed.hash(), listener)), null);
    } catch (ChainException e) {
      return notTaken(txs, job, e, listener);
    }
  }

  /**
   * The broadcast of a {@code SIGNED} job failed. A node that did not answer may still have it: the
   * job stays SIGNED for reconciliation. A node that refused it may still know it (the answer got
   * lost): reconciliation decides.
   */
  private Step notTaken(Transactions txs, MintJob job, ChainException e, MintListener listener) {
    if (e.reason() == Reason.UNREACHABLE) {
      return new Step(
          Optional.of(job),
          e.getMessage()
              + ". The signed transaction of asset "
              + job.assetId()
              + " is kept and is sent again, unchanged, when the node answers");
    }
    MintJob settled = reconciler.settle(txs, job, listener, e.getMessage()).job();
    return new Step(Optional.of(settled), settled.state() == State.FAILED ? e.getMessage() : null);
  }
}
