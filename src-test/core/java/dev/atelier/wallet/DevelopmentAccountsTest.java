package dev.atelier.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The public development accounts are those Anvil funds. */
class DevelopmentAccountsTest {

  @Test
  void derivesTheWellKnownAccountsOfTheDevelopmentPhrase() {
    assertThat(DevelopmentAccounts.PHRASE).isEqualTo(TestKeys.TEST_PHRASE);
    try (UnlockedAccount zero = DevelopmentAccounts.unlocked(0, Duration.ofMinutes(1));
        UnlockedAccount one = DevelopmentAccounts.unlocked(1, Duration.ofMinutes(1))) {
      assertThat(zero.address()).isEqualTo(TestKeys.ADDRESS_0);
      assertThat(one.address()).isEqualTo(TestKeys.ADDRESS_1);
      assertThat(zero.isUnlocked()).isTrue();
    }
  }
}
