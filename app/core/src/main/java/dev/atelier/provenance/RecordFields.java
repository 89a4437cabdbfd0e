package dev.atelier.provenance;

import dev.atelier.ethereum.Address;
import dev.atelier.ethereum.InvalidAddressException;
import java.util.regex.Pattern;

/** The checks a {@link ProvenanceRecord}'s fields go through, each naming the field it refuses. */
final class RecordFields {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private RecordFields() {}

  /** {@code address} in EIP-55 form; refuses a mixed-case address whose checksum is wrong. */
  static String checksumAddress(String address) {
    try {
      return Address.checksummed(address);
    } catch (InvalidAddressException e) {
      throw new IllegalArgumentException(
          switch (e.reason()) {
            case NOT_AN_ADDRESS ->
                "creator must be an Ethereum address (0x and 40 hex digits), not " + address;
            case WRONG_CHECKSUM ->
                "creator "
                    + address
                    + " has a wrong EIP-55 checksum (a typo?); expected "
                    + e.expected().orElseThrow();
          },
          e);
    }
  }

  static void requireChecksumAddress(String address) {
    String checksummed = checksumAddress(address);
    if (!checksummed.equals(address)) {
      throw new IllegalArgumentException(
          "creator must be in EIP-55 checksum form: " + checksummed + ", not " + address);
    }
  }

  static void requireSha256(String field, String value) {
    if (value == null || !SHA256.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must be a SHA-256 as 64 lowercase hex digits, not " + describe(value));
    }
  }

  static void requirePositive(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, not " + value);
    }
  }

  static void requireText(String field, String value) {
    requireString(field, value);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  static void requireString(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(field + " is not valid Unicode (a lone surrogate)");
      }
    }
  }

  static String describe(String value) {
    return value == null ? "nothing" : "\"" + value + "\"";
  }
}
