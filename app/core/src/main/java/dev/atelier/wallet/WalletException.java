package dev.atelier.wallet;

import java.util.Objects;

/**
 * A wallet operation failed; the message says why in plain words (and never contains a secret),
 * {@link #reason()} says what kind of failure it is, so a caller can react (ask for the password
 * again, map to an exit code).
 */
public final class WalletException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** The password does not open the keystore (or the keystore's encrypted part was altered). */
    WRONG_PASSWORD,
    /** A new password does not meet {@link PasswordPolicy}. */
    WEAK_PASSWORD,
    /** A recovery phrase has a wrong word count, an unknown word or a wrong checksum. */
    INVALID_MNEMONIC,
    /** A private key is not 32 bytes of hex, or is outside the secp256k1 range. */
    INVALID_PRIVATE_KEY,
    /** The words typed back do not match the recovery phrase shown. */
    BACKUP_NOT_CONFIRMED,
    /** A keystore file is damaged, truncated, not a keystore, or uses settings Atelier refuses. */
    BAD_KEYSTORE,
    /** The account (or the export target) exists already. */
    ALREADY_EXISTS,
    /** No such account or keystore file. */
    NOT_FOUND,
    /** The account is not unlocked (never, or locked again after idle time). */
    LOCKED,
    /** Typed data is not valid EIP-712 JSON. */
    INVALID_TYPED_DATA,
    /** A signature is malformed or does not recover a signer. */
    INVALID_SIGNATURE,
    /** A file or the catalog could not be written. */
    STORAGE
  }

  private final Reason reason;

  public WalletException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public WalletException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
