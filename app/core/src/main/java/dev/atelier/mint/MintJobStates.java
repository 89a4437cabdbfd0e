package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.catalog.MintJobRepository.Update;
import dev.atelier.chain.SignedTransaction;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead state machine of one mint: each mint is a row in {@code mint_jobs} whose state is
 * written <em>before</em> the step it stands for, so that a process killed at any moment leaves a
 * row that says how far it may have got.
 *
 * <ol>
 *   <li>{@code PENDING}: the job exists; nothing is signed.
 *   <li>{@code SIGNED}: the transaction is signed at a fixed nonce; the row holds its raw bytes and
 *       hash. Only now is it sent.
 *   <li>{@code SENT}: the node took it; the receipt is awaited.
 *   <li>{@code CONFIRMED} with the token id and block, or {@code FAILED} with the reason.
 * </ol>
 *
 * <p>Each move is conditional on the state read before it (two processes cannot both make it), and
 * the listener hears each state once the catalog holds it. A unique index keeps one live job per
 * asset and collection; only {@code FAILED} frees the asset for a new attempt.
 *
 * <p><b>Version 2 batches.</b> A batch is one transaction minting several assets: it is one job per
 * asset, grouped by the batch id (the id of its first job; job ids give the token order). Every job
 * of a batch is in the same state at every moment: the batch's jobs are created together, and each
 * move of any of them moves all of them in one catalog transaction, with the same nonce, signed
 * bytes and hash; a confirmation writes each job's own token id, read from the receipt in batch
 * order. So the invariant above holds per batch, and the per-asset unique index still forbids a
 * second live mint of an asset (the contract refuses an existing token id too).
 */
final class MintJobStates {

  private static final Logger LOG = LoggerFactory.getLogger(MintJobStates.class);

  private final Catalog catalog;
  private final Clock clock;

  MintJobStates(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * A new {@code PENDING} job for the asset.
   *
   * @throws dev.atelier.catalog.CatalogException when the asset has a live job there already
   */
  MintJob pending(long assetId, long collectionId, MintListener listener) {
    MintJob job = catalog.mintJobs().create(assetId, collectionId, clock.instant());
    listener.stateWritten(job);
    return job;
  }

  /**
   * The {@code PENDING} jobs of a new version 2 batch, in batch order.
   *
   * @throws dev.atelier.catalog.CatalogException when an asset has a live job there already (no job
   *     is created then)
   */
  List<MintJob> pendingBatch(List<Long> assetIds, long collectionId, MintListener listener) {
    List<MintJob> jobs = catalog.mintJobs().createBatch(assetIds, collectionId, clock.instant());
    jobs.forEach(listener::stateWritten);
    return jobs;
  }

  /** A batch job's batch as stored now (every job of it), in batch order. */
  List<MintJob> batchOf(MintJob job) {
    return catalog.mintJobs().ofBatch(job.batchId());
  }

  /** {@code SENT → CONFIRMED} for a whole batch: token {@code i} is job {@code i}'s. */
  MintJob confirmedBatch(MintJob job, List<BigInteger> tokenIds, long block, MintListener l) {
    List<String> ids = tokenIds.stream().map(BigInteger::toString).toList();
    List<MintJob> now =
        catalog
            .mintJobs()
            .advanceBatch(
                job.batchId(),
                job.state(),
                State.CONFIRMED,
                Update.confirmed("", block),
                ids,
                clock.instant());
    return heard(job, now, l);
  }

  /** {@code PENDING → SIGNED}: stores the signed bytes before they are sent. */
  MintJob signed(MintJob job, SignedTransaction tx, MintListener listener) {
    return advance(job, State.SIGNED, Update.signed(tx.nonce(), tx.raw(), tx.hash()), listener);
  }

  /** {@code SIGNED → SENT} once the node took the transaction; a job already SENT stays. */
  MintJob sent(MintJob job, String hash, MintListener listener) {
    return job.state() == State.SIGNED
        ? advance(job, State.SENT, Update.sent(hash), listener)
        : job;
  }

  /** {@code SENT → CONFIRMED}: the receipt is in and minted {@code tokenId}. */
  MintJob confirmed(MintJob job, long tokenId, long block, MintListener listener) {
    return advance(job, State.CONFIRMED, Update.confirmed(Long.toString(tokenId), block), listener);
  }

  /** Any unfinished state {@code → FAILED}: nothing was (or can still be) minted by this job. */
  MintJob failed(MintJob job, String why, MintListener listener) {
    LOG.warn("Mint job {} (asset {}) failed: {}", job.id(), job.assetId(), why);
    return advance(job, State.FAILED, Update.failed(why), listener);
  }

  private MintJob advance(MintJob job, State to, Update update, MintListener listener) {
    if (job.inBatch()) {
      List<MintJob> now =
          catalog
              .mintJobs()
              .advanceBatch(job.batchId(), job.state(), to, update, null, clock.instant());
      return heard(job, now, listener);
    }
    MintJob next = catalog.mintJobs().advance(job.id(), job.state(), to, update, clock.instant());
    listener.stateWritten(next);
    return next;
  }

  /** Tells the listener each job of a batch just moved; returns {@code job} as now stored. */
  private static MintJob heard(MintJob job, List<MintJob> batch, MintListener listener) {
    batch.forEach(listener::stateWritten);
    return batch.stream().filter(j -> j.id() == job.id()).findFirst().orElseThrow();
  }
}
