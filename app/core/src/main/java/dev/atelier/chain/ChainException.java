package dev.atelier.chain;

import java.util.Objects;

/**
 * Talking to a chain failed. The message says why in plain words (never with a secret); {@link
 * #reason()} says what kind of failure it is so a caller can react.
 */
public final class ChainException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The RPC URL does not answer (node down, wrong host or port, refused, timed out). */
    UNREACHABLE,
    /** The node answered with a JSON-RPC error or with something that is not JSON-RPC. */
    RPC_ERROR,
    /** The node serves another chain than the one expected. */
    WRONG_CHAIN,
    /** The contract call or transaction reverted; the message carries the decoded reason. */
    REVERTED,
    /** The sending account cannot pay for gas and value. */
    INSUFFICIENT_FUNDS,
    /** A transaction was not mined in time. */
    TIMEOUT,
    /** The local devnet could not be started. */
    DEVNET
  }

  private final Reason reason;
  private final String revertData;

  public ChainException(Reason reason, String message) {
    this(reason, message, (String) null);
  }

  /** A failure with the raw revert data of a call ({@code 0x}-prefixed hex), for decoding. */
  public ChainException(Reason reason, String message, String revertData) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.revertData = revertData;
  }

  public ChainException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.revertData = null;
  }

  public Reason reason() {
    return reason;
  }

  /** The revert data of a {@link Reason#REVERTED} call, {@code 0x}-prefixed hex; null if none. */
  public String revertData() {
    return revertData;
  }
}
