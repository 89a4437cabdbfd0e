package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.Networks;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.SignedTransaction;
import dev.atelier.chain.Transactions;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;

/**
 * Settles the mint jobs a dead process (or a lost node) left unfinished, by transaction hash, so
 * that no mint is lost and none happens twice. For each job:
 *
 * <ul>
 *   <li>{@code PENDING} signed nothing: it fails.
 *   <li>its transaction is mined: {@code CONFIRMED} (or {@code FAILED} when it reverted);
 *   <li>its nonce was used by another transaction: it can never be mined and fails (replaced);
 *   <li>the node still holds it: it stays (or becomes) {@code SENT};
 *   <li>the node lost it: it is sent again <em>with the same signed bytes</em>, so it can still
 *       only mint once.
 * </ul>
 *
 * <p>Only a {@code FAILED} job frees its asset for a new attempt, and a new attempt reconciles
 * first (see {@link MintJobStates} for the states). The jobs of a version 2 batch share one
 * transaction and are settled once, together, as one job.
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Catalog catalog;
  private final MintJobStates states;
  private final Receipts receipts;
  private final Clock clock;

  Reconciler(Catalog catalog, MintJobStates states, Receipts receipts, Clock clock) {
    this.catalog = catalog;
    this.states = states;
    this.receipts = receipts;
    this.clock = clock;
  }

  /** One job brought as far as the chain allows, and whether its transaction was sent again. */
  record Settled(MintJob job, boolean resent) {}

  /**
   * Settles the unfinished jobs of collections on {@code txs}'s chain, as the class comment says.
   * Does not wait for pending transactions to be mined.
   *
   * @throws ChainException when the node cannot be reached or serves another chain (nothing is
   *     changed then)
   */
  public Reconciliation reconcile(Transactions txs) {
    return reconcile(txs, MintListener.NONE);
  }

  /** As {@link #reconcile(Transactions)}, telling {@code listener} each state written. */
  public Reconciliation reconcile(Transactions txs, MintListener listener) {
    List<MintJob> unfinished = unfinishedOn(txs.chainId());
    if (unfinished.isEmpty()) {
      return new Reconciliation(txs.chainId(), List.of(), 0);
    }
    Networks.checkChainId(txs.rpc(), txs.chainId());
    int resent = 0;
    List<MintJob> out = new ArrayList<>();
    Set<Long> batches = new HashSet<>();
    for (MintJob job : unfinished) {
      if (job.inBatch() && !batches.add(job.batchId())) {
        continue; // settled with its batch
      }
      Settled now = settle(txs, job, listener, null);
      if (now.job().state() != job.state()) {
        LOG.info(
            "Mint job {} (asset {}): {} -> {}",
            job.id(),
            job.assetId(),
            job.state(),
            now.job().state());
      }
      resent += now.resent() ? 1 : 0;
      out.addAll(job.inBatch() ? states.batchOf(now.job()) : List.of(now.job()));
    }
    return new Reconciliation(txs.chainId(), out, resent);
  }

  /**
   * Waits up to {@code timeout} for the receipts of the chain's {@code SENT} jobs, settling them as
   * they come; reconciles first.
   */
  public Reconciliation awaitPending(Transactions txs, Duration timeout) {
    Reconciliation first = reconcile(txs);
    List<MintJob> out =
        receipts.awaitAll(txs, first.jobs(), clock.instant().plus(timeout), MintListener.NONE);
    return new Reconciliation(txs.chainId(), out, first.resent());
  }

  /**
   * Brings one job as far as the chain allows without waiting. A signed transaction the node does
   * not know is sent again, unless {@code refusal} says the node has just refused it: then the job
   * fails with that reason.
   */
  Settled settle(Transactions txs, MintJob job, MintListener listener, String refusal) {
    if (job.state() == State.PENDING) {
      return kept(
          states.failed(
              job, "Stopped before its transaction was signed; nothing was sent", listener));
    }
    if (job.state().isFinal()) {
      return kept(job);
    }
    String hash = job.txHash() != null ? job.txHash() : Hash.sha3(job.signedTx());
    String from = sender(job);
    // Nonce first, receipt second: a transaction mined in between is then still seen as mined.
    BigInteger mined = txs.minedNonce(from);
    Optional<Receipt> receipt = txs.receipt(hash);
    if (receipt.isPresent()) {
      MintJob sent = states.sent(job, hash, listener);
      return kept(receipts.finish(txs, sent, receipt.get(), listener));
    }
    if (mined.compareTo(BigInteger.valueOf(job.nonce())) > 0) {
      return kept(states.failed(job, replaced(job, from, hash), listener));
    }
    if (txs.isKnown(hash)) {
      return kept(states.sent(job, hash, listener));
    }
    if (refusal != null) {
      String why = "The node refused the transaction (" + refusal + "); nothing was minted";
      return kept(states.failed(job, why, listener));
    }
    return sendAgain(txs, job, from, hash, listener);
  }

  /** The node lost the signed transaction: the same bytes go again (one mint at most). */
  private Settled sendAgain(
      Transactions txs, MintJob job, String from, String hash, MintListener listener) {
    try {
      txs.broadcast(new SignedTransaction(txs.chainId(), from, job.nonce(), job.signedTx(), hash));
      LOG.info("Sent mint job {}'s transaction {} again (the node had lost it)", job.id(), hash);
      listener.broadcast(job);
      return new Settled(states.sent(job, hash, listener), true);
    } catch (ChainException e) {
      if (e.reason() == Reason.UNREACHABLE) {
        throw e;
      }
      if (txs.receipt(hash).isPresent() || txs.isKnown(hash)) {
        return settle(txs, job, listener, e.getMessage());
      }
      String why = "The node refused the transaction: " + e.getMessage();
      return kept(states.failed(job, why, listener));
    }
  }

  private static Settled kept(MintJob job) {
    return new Settled(job, false);
  }

  private static String replaced(MintJob job, String from, String hash) {
    return "Replaced: nonce "
        + job.nonce()
        + " of "
        + from
        + " was used by another transaction, so "
        + hash
        + " can never be mined; nothing was minted by it";
  }

  private List<MintJob> unfinishedOn(long chainId) {
    List<MintJob> out = new ArrayList<>();
    for (MintJob job : catalog.mintJobs().unfinished()) {
      Optional<CollectionEntry> c = catalog.collections().find(job.collectionId());
      if (c.isPresent() && c.get().chainId() == chainId) {
        out.add(job);
      }
    }
    return out;
  }

  /** The signer of a job's stored transaction. */
  private static String sender(MintJob job) {
    RawTransaction raw = TransactionDecoder.decode(job.signedTx());
    if (!(raw instanceof SignedRawTransaction signed)) {
      throw new IllegalStateException("Mint job " + job.id() + " holds an unsigned transaction");
    }
    try {
      return signed.getFrom();
    } catch (SignatureException e) {
      throw new IllegalStateException(
          "Mint job " + job.id() + " holds a transaction with a bad signature", e);
    }
  }
}
