package dev.atelier.ethereum;

import java.util.Optional;

/** Text that should be an Ethereum address is not one: the reason and the text, as data. */
public final class InvalidAddressException extends IllegalArgumentException {

  /** What is wrong with it. */
  public enum Reason {
    /** Not {@code 0x} and 40 hex digits. */
    NOT_AN_ADDRESS,
    /** Mixed case that is not its EIP-55 checksum: most likely a typo. */
    WRONG_CHECKSUM
  }

  private final Reason reason;
  private final String given;
  private final String expected;

  InvalidAddressException(Reason reason, String given, String expected) {
    super(
        reason == Reason.NOT_AN_ADDRESS
            ? "Not an address (0x and 40 hex digits): " + given
            : given + " has a wrong EIP-55 checksum (a typo?); expected " + expected);
    this.reason = reason;
    this.given = given;
    this.expected = expected;
  }

  public Reason reason() {
    return reason;
  }

  /** The text given; may be null. */
  public String given() {
    return given;
  }

  /** For {@link Reason#WRONG_CHECKSUM}: the address with the right checksum. */
  public Optional<String> expected() {
    return Optional.ofNullable(expected);
  }
}
