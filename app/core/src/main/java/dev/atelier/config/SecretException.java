package dev.atelier.config;

import java.util.Objects;

/**
 * A secret (an RPC URL with its API key) could not be kept or read back; the message says why in
 * plain words and never contains the secret, {@link #reason()} what kind of failure it is.
 */
public final class SecretException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The store has no secret under that reference (deleted, or another machine's store). */
    MISSING,
    /** The secret is there but cannot be decrypted: its key is not the one it was stored with. */
    UNREADABLE,
    /**
     * The store cannot be reached or written (no keyring service, a file that cannot be written).
     */
    UNAVAILABLE
  }

  private final Reason reason;

  public SecretException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public SecretException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
