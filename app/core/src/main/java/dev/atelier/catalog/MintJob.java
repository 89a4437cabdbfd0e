package dev.atelier.catalog;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A mint of one asset into one collection. The state is written before each side effect, so a
 * process that dies part way can be reconciled at start-up from what the row says.
 *
 * @param tokenId the token minted, in decimal (a version 2 token id is a 256-bit number)
 * @param batchId the id of the first job of this job's version 2 batch (this job's own id for the
 *     first); null for a version 1 mint, a transaction of its own
 */
public record MintJob(
    long id,
    long assetId,
    long collectionId,
    State state,
    Long nonce,
    String signedTx,
    String txHash,
    String tokenId,
    Long blockNumber,
    String error,
    Instant createdAt,
    Instant updatedAt,
    Long batchId) {

  /** A version 1 job, a transaction of its own. */
  public MintJob(
      long id,
      long assetId,
      long collectionId,
      State state,
      Long nonce,
      String signedTx,
      String txHash,
      String tokenId,
      Long blockNumber,
      String error,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        assetId,
        collectionId,
        state,
        nonce,
        signedTx,
        txHash,
        tokenId,
        blockNumber,
        error,
        createdAt,
        updatedAt,
        null);
  }

  /** True when this job is one token of a version 2 batch. */
  public boolean inBatch() {
    return batchId != null;
  }

  /** {@code PENDING → SIGNED → SENT → CONFIRMED}, or {@code FAILED} from any live state. */
  public enum State {
    PENDING,
    SIGNED,
    SENT,
    CONFIRMED,
    FAILED;

    /** The states this one may move to. */
    public Set<State> next() {
      return switch (this) {
        case PENDING -> EnumSet.of(SIGNED, FAILED);
        case SIGNED -> EnumSet.of(SENT, FAILED, PENDING);
        case SENT -> EnumSet.of(CONFIRMED, FAILED);
        case CONFIRMED, FAILED -> EnumSet.noneOf(State.class);
      };
    }

    public boolean isFinal() {
      return next().isEmpty();
    }
  }
}
