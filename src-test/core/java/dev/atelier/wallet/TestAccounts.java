package dev.atelier.wallet;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Unlocked accounts for tests in other packages, without keystores or scrypt. The keys are the
 * public development accounts of {@link TestKeys#TEST_PHRASE}; never use them for anything real.
 */
public final class TestAccounts {

  /** Account 0 of the development phrase. */
  public static final String KEY_0 = TestKeys.KEY_0;

  /** Account 1 of the development phrase. */
  public static final String KEY_1 = TestKeys.KEY_1;

  private TestAccounts() {}

  /** An account unlocked with {@code hexKey}, locking itself after an hour idle. */
  public static UnlockedAccount unlocked(String hexKey) {
    byte[] key = HexFormat.of().parseHex(hexKey);
    return new UnlockedAccount(
        KeyAddresses.ofPrivateKey(key), key, Clock.systemUTC(), Duration.ofHours(1));
  }
}
