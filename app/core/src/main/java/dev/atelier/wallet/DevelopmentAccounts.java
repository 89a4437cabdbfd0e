package dev.atelier.wallet;

import java.time.Clock;
import java.time.Duration;

/**
 * The public development accounts of local devnets: the BIP-44 accounts of the phrase {@value
 * #PHRASE}, which Anvil, Hardhat and Foundry fund at start. Their keys are public knowledge, so
 * they are for a {@code Devnet} only (the gas benchmark mints with them) and never for anything of
 * value. They are derived here, never stored, and never touch the user's wallet or keystores.
 */
public final class DevelopmentAccounts {

  /** The well-known development phrase. */
  public static final String PHRASE = "test test test test test test test test test test test junk";

  private DevelopmentAccounts() {}

  /**
   * Account {@code index} of {@link #PHRASE} ({@code m/44'/60'/0'/0/index}), unlocked; it locks
   * itself after {@code idleLimit} without use, or when closed.
   */
  public static UnlockedAccount unlocked(int index, Duration idleLimit) {
    HdPath path = new HdPath(index);
    char[] phrase = PHRASE.toCharArray();
    byte[] seed = null;
    try (Mnemonic mnemonic = Mnemonic.parse(phrase)) {
      seed = mnemonic.seed(new char[0]);
      byte[] key = path.derivePrivateKey(seed);
      return new UnlockedAccount(KeyAddresses.ofPrivateKey(key), key, Clock.systemUTC(), idleLimit);
    } finally {
      Secrets.wipe(phrase);
      if (seed != null) {
        Secrets.wipe(seed);
      }
    }
  }
}
