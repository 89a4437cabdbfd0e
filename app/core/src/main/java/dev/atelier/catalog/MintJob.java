package dev.atelier.catalog;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A mint of one asset into one collection. The state is written before each side effect, so a
 * process that dies part way can be reconciled at start-up from what the row says.
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
    Instant updatedAt) {

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
