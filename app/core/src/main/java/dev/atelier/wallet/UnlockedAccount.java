package dev.atelier.wallet;

import dev.atelier.wallet.WalletException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * An account whose private key is in memory, able to sign. It locks itself, clearing the key, when
 * {@linkplain #close() closed}, when its wallet locks it, or at its first use after the idle time
 * has passed. After that every signing call fails with {@link Reason#LOCKED}.
 */
public final class UnlockedAccount implements AutoCloseable {

  private final String address;
  private final byte[] privateKey;
  private final Clock clock;
  private final Duration idleLimit;
  private Instant lastUsed;
  private boolean locked;

  /** Takes over {@code privateKey}: the array is cleared when this account locks. */
  UnlockedAccount(String address, byte[] privateKey, Clock clock, Duration idleLimit) {
    this.address = address;
    this.privateKey = privateKey;
    this.clock = clock;
    this.idleLimit = idleLimit;
    this.lastUsed = clock.instant();
  }

  /** The account's address (EIP-55 checksum form). */
  public String address() {
    return address;
  }

  /** Signs a message the EIP-191 way ({@code personal_sign}, ethers' {@code signMessage}). */
  public synchronized Signature signPersonalMessage(byte[] message) {
    ECKeyPair key = useKey();
    return Signature.of(
        Sign.getEthereumMessageHash(message), Sign.signPrefixedMessage(message, key));
  }

  /**
   * Signs EIP-712 typed data given as {@code eth_signTypedData_v4} JSON (see {@link
   * Signatures#typedDataDigest(String)}).
   */
  public synchronized Signature signTypedData(String typedDataJson) {
    byte[] digest = Signatures.typedDataHash(typedDataJson);
    ECKeyPair key = useKey();
    return Signature.of(digest, Sign.signMessage(digest, key, false));
  }

  /**
   * Signs an EIP-1559 (type 2) transaction, whose chain id is part of what is signed, and returns
   * the signed transaction as {@code eth_sendRawTransaction} takes it.
   *
   * @throws IllegalArgumentException for any other transaction type (legacy transactions may lack
   *     the chain id and could be replayed on another chain)
   * @throws WalletException with {@link Reason#LOCKED} if the account is locked
   */
  public synchronized byte[] signTransaction(RawTransaction transaction) {
    if (!(transaction.getTransaction() instanceof Transaction1559 tx) || tx.getChainId() < 1) {
      throw new IllegalArgumentException(
          "Only EIP-1559 transactions with a chain id are signed, not "
              + transaction.getTransaction().getType());
    }
    ECKeyPair key = useKey();
    return TransactionEncoder.signMessage(transaction, Credentials.create(key));
  }

  /**
   * Derives 32 bytes of key material for another purpose from this account's private key:
   * HKDF-SHA256 (RFC 5869) with the private key as input keying material, {@code salt} as salt and
   * the UTF-8 bytes of {@code purpose} as info.
   *
   * <p>The result is deterministic: the same account, purpose and salt always give the same bytes,
   * so a key derived this way never has to be stored; it is re-derived whenever the account is
   * unlocked. Any other purpose or salt, or another account, gives unrelated bytes, and they reveal
   * nothing about the account key. Atelier uses it for its C2PA signing key (purpose {@code
   * "atelier/c2pa-signing/p256/v1"}, salt the per-install id), so that key is never on disk.
   *
   * <p>The caller owns the returned array and clears it when done.
   *
   * @param purpose what the key is for; a fixed, versioned name (not empty)
   * @param salt per-install or per-context bytes, not secret (at least 16 bytes)
   * @throws WalletException with {@link Reason#LOCKED} if the account is locked
   * @throws IllegalArgumentException if the purpose is blank or the salt shorter than 16 bytes
   */
  public synchronized byte[] deriveKey(String purpose, byte[] salt) {
    if (purpose == null || purpose.isBlank()) {
      throw new IllegalArgumentException("A derived key needs a purpose");
    }
    if (salt == null || salt.length < 16) {
      throw new IllegalArgumentException("A derived key needs a salt of at least 16 bytes");
    }
    checkUnlocked();
    return Hkdf.sha256(privateKey, salt, purpose.getBytes(StandardCharsets.UTF_8), 32);
  }

  /** False once locked. */
  public synchronized boolean isUnlocked() {
    return !locked && !idleTooLong();
  }

  /** Locks the account if it has not been used for the idle time; true if it is locked now. */
  synchronized boolean lockIfIdle() {
    if (!locked && idleTooLong()) {
      close();
    }
    return locked;
  }

  /** Clears the key. Safe to call more than once. */
  @Override
  public synchronized void close() {
    Secrets.wipe(privateKey);
    locked = true;
  }

  /** The key array itself, for tests that check it is cleared. */
  byte[] keyForTest() {
    return privateKey;
  }

  private ECKeyPair useKey() {
    checkUnlocked();
    // web3j signs with an ECKeyPair, whose BigInteger copy of the key cannot be wiped (see the
    // package notes); it lives for this one signature.
    return ECKeyPair.create(privateKey);
  }

  /** Fails with {@link Reason#LOCKED} when locked; otherwise counts as a use of the key. */
  private void checkUnlocked() {
    if (lockIfIdle()) {
      throw new WalletException(
          Reason.LOCKED,
          address
              + " is locked"
              + (idleTooLong() ? " after " + describe(idleLimit) + " idle" : "")
              + "; unlock it with its password.");
    }
    lastUsed = clock.instant();
  }

  private boolean idleTooLong() {
    return Duration.between(lastUsed, clock.instant()).compareTo(idleLimit) >= 0;
  }

  private static String describe(Duration d) {
    return d.toMinutes() > 0 && d.toSecondsPart() == 0
        ? d.toMinutes() + " min"
        : d.toSeconds() + " s";
  }
}
