package dev.atelier.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one check for an Ethereum address. */
class AddressTest {

  /** Anvil's first development account, in EIP-55 form. */
  private static final String CHECKSUMMED = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  @Test
  void wellFormedIsZeroXAndFortyHexDigits() {
    assertThat(Address.isWellFormed(CHECKSUMMED)).isTrue();
    assertThat(Address.isWellFormed(CHECKSUMMED.toLowerCase(Locale.ROOT))).isTrue();
    assertThat(Address.isWellFormed(null)).isFalse();
    assertThat(Address.isWellFormed("")).isFalse();
    assertThat(Address.isWellFormed("0x1234")).isFalse();
    assertThat(Address.isWellFormed(CHECKSUMMED.substring(2))).as("no 0x").isFalse();
    assertThat(Address.isWellFormed(CHECKSUMMED + "0")).as("41 digits").isFalse();
    assertThat(Address.isWellFormed("0x" + "g".repeat(40))).isFalse();
    assertThat(Address.isWellFormed(" " + CHECKSUMMED)).as("not trimmed here").isFalse();
  }

  @Test
  void wellFormedTextIsTakenAsItIsWhateverItsCase() {
    String anyCase = "0x000000000000000000000000000000000000a7E1";
    assertThat(Address.requireWellFormed(anyCase)).isEqualTo(anyCase);
    assertThatThrownBy(() -> Address.requireWellFormed("0xa7E1"))
        .isInstanceOf(InvalidAddressException.class)
        .hasMessage("Not an address (0x and 40 hex digits): 0xa7E1");
  }

  @Test
  void oneCaseDigitsAreCheckedOutInEip55Form() {
    assertThat(Address.checksummed(CHECKSUMMED.toLowerCase(Locale.ROOT))).isEqualTo(CHECKSUMMED);
    assertThat(Address.checksummed("0x" + CHECKSUMMED.substring(2).toUpperCase(Locale.ROOT)))
        .isEqualTo(CHECKSUMMED);
    assertThat(Address.checksummed(CHECKSUMMED)).isEqualTo(CHECKSUMMED);
  }

  @Test
  void aWrongMixedCaseChecksumIsATypoWithTheRightFormAsData() {
    String typo = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    assertThatThrownBy(() -> Address.checksummed(typo))
        .isInstanceOfSatisfying(
            InvalidAddressException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(InvalidAddressException.Reason.WRONG_CHECKSUM);
              assertThat(e.given()).isEqualTo(typo);
              assertThat(e.expected()).contains(CHECKSUMMED);
            })
        .hasMessage(typo + " has a wrong EIP-55 checksum (a typo?); expected " + CHECKSUMMED);
  }

  @Test
  void somethingElseIsNotAnAddress() {
    assertThatThrownBy(() -> Address.checksummed("0x1234"))
        .isInstanceOfSatisfying(
            InvalidAddressException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(InvalidAddressException.Reason.NOT_AN_ADDRESS);
              assertThat(e.expected()).isEmpty();
            })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not an address (0x and 40 hex digits): 0x1234");
    assertThatThrownBy(() -> Address.checksummed(null)).isInstanceOf(InvalidAddressException.class);
  }
}
