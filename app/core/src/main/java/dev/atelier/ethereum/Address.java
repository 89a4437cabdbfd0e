package dev.atelier.ethereum;

import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * Ethereum addresses: {@code 0x} and 40 hex digits, written in EIP-55 mixed-case checksum form. The
 * one check for an address a person typed or a file holds.
 */
public final class Address {

  private static final Pattern FORM = Pattern.compile("0x[0-9a-fA-F]{40}");

  private Address() {}

  /** True for {@code 0x} and 40 hex digits, in any case (the checksum is not looked at). */
  public static boolean isWellFormed(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  /**
   * {@code text} itself when it is {@code 0x} and 40 hex digits, in any case; for a node that takes
   * the address as it is.
   *
   * @throws InvalidAddressException when it is not
   */
  public static String requireWellFormed(String text) {
    if (!isWellFormed(text)) {
      throw new InvalidAddressException(InvalidAddressException.Reason.NOT_AN_ADDRESS, text, null);
    }
    return text;
  }

  /**
   * {@code text} in EIP-55 checksum form. All-lowercase and all-uppercase digits carry no checksum
   * and are accepted; mixed case must be the right checksum, which catches most typos.
   *
   * @throws InvalidAddressException when it is not an address or its checksum is wrong
   */
  public static String checksummed(String text) {
    String checksummed = Keys.toChecksumAddress(requireWellFormed(text));
    String digits = text.substring(2);
    boolean oneCase =
        digits.equals(digits.toLowerCase(Locale.ROOT))
            || digits.equals(digits.toUpperCase(Locale.ROOT));
    if (!oneCase && !checksummed.equals(text)) {
      throw new InvalidAddressException(
          InvalidAddressException.Reason.WRONG_CHECKSUM, text, checksummed);
    }
    return checksummed;
  }
}
