package dev.atelier.wallet;

import static dev.atelier.wallet.TestKeys.KEY_0;
import static dev.atelier.wallet.WalletAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.wallet.WalletException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link UnlockedAccount#deriveKey}: HKDF of the account key, only while unlocked. */
class DeriveKeyTest {

  private static final String PURPOSE = "atelier/test/v1";
  private static final byte[] SALT = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

  private final MutableClock clock = new MutableClock(TestKeys.T0);

  private UnlockedAccount account(String hexKey) {
    byte[] key = HexFormat.of().parseHex(hexKey);
    return new UnlockedAccount(KeyAddresses.ofPrivateKey(key), key, clock, Duration.ofMinutes(5));
  }

  @Test
  void isHkdfSha256OfTheAccountKeyWithSaltAndPurpose() {
    try (UnlockedAccount a = account(KEY_0)) {
      byte[] expected =
          Hkdf.sha256(
              HexFormat.of().parseHex(KEY_0), SALT, PURPOSE.getBytes(StandardCharsets.UTF_8), 32);
      assertThat(a.deriveKey(PURPOSE, SALT)).hasSize(32).isEqualTo(expected);
    }
  }

  @Test
  void isDeterministicAcrossUnlocks() {
    byte[] first;
    try (UnlockedAccount a = account(KEY_0)) {
      first = a.deriveKey(PURPOSE, SALT);
    }
    try (UnlockedAccount again = account(KEY_0)) {
      assertThat(again.deriveKey(PURPOSE, SALT)).isEqualTo(first);
    }
  }

  @Test
  void differsPerPurposeSaltAndAccount() {
    byte[] otherSalt = SALT.clone();
    otherSalt[15] ^= 1;
    try (UnlockedAccount a = account(KEY_0);
        UnlockedAccount b = account(TestKeys.KEY_1)) {
      byte[] base = a.deriveKey(PURPOSE, SALT);
      assertThat(a.deriveKey("atelier/test/v2", SALT)).isNotEqualTo(base);
      assertThat(a.deriveKey(PURPOSE, otherSalt)).isNotEqualTo(base);
      assertThat(b.deriveKey(PURPOSE, SALT)).isNotEqualTo(base);
      // Not the account key itself either.
      assertThat(base).isNotEqualTo(HexFormat.of().parseHex(KEY_0));
    }
  }

  @Test
  void failsOnceLocked() {
    UnlockedAccount a = account(KEY_0);
    a.close();
    assertFails(() -> a.deriveKey(PURPOSE, SALT), Reason.LOCKED).contains("is locked");
  }

  @Test
  void failsAfterTheIdleTime() {
    try (UnlockedAccount a = account(KEY_0)) {
      clock.advance(Duration.ofMinutes(4));
      assertThat(a.deriveKey(PURPOSE, SALT)).hasSize(32); // a use resets the idle time
      clock.advance(Duration.ofMinutes(5));
      assertFails(() -> a.deriveKey(PURPOSE, SALT), Reason.LOCKED).contains("idle");
      assertThat(a.keyForTest()).containsOnly(0);
    }
  }

  @Test
  void refusesABlankPurposeOrAShortSalt() {
    try (UnlockedAccount a = account(KEY_0)) {
      assertThatThrownBy(() -> a.deriveKey(" ", SALT)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> a.deriveKey(PURPOSE, new byte[15]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("16 bytes");
    }
  }
}
