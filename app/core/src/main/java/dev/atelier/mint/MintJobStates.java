package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.catalog.MintJobRepository.Update;
import dev.atelier.chain.SignedTransaction;
import java.time.Clock;
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
    MintJob next = catalog.mintJobs().advance(job.id(), job.state(), to, update, clock.instant());
    listener.stateWritten(next);
    return next;
  }
}
