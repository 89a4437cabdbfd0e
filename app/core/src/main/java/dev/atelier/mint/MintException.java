package dev.atelier.mint;

import java.util.Objects;

/**
 * A mint cannot go ahead, for a reason the artist can act on. Chain failures (node down, wrong
 * chain, unfunded wallet, revert) come as {@link dev.atelier.chain.ChainException} instead.
 */
public final class MintException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What stands in the way. */
  public enum Reason {
    /** No such asset or collection in the catalog. */
    NOT_FOUND,
    /** The asset has no provenance signature for the collection's chain and owner. */
    NOT_SIGNED,
    /** The minting account does not own the collection contract. */
    NOT_OWNER,
    /** The asset is already a token of the collection. */
    ALREADY_MINTED,
    /** A mint of the asset into the collection is under way. */
    IN_PROGRESS,
    /** The configured IPFS node could not pin the image or its metadata. */
    PINNING
  }

  private final Reason reason;

  public MintException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public MintException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
