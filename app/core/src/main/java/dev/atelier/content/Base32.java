package dev.atelier.content;

/**
 * RFC 4648 base32 in lower case without padding: the multibase encoding {@code base32} (prefix
 * {@code b}) that CIDv1 strings use. Decoding is strict: only the 32 lowercase letters and digits
 * 2-7, and the bits left over after the last whole byte must be fewer than five and all zero (as an
 * encoder writes them), so every byte string has exactly one text.
 */
final class Base32 {

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private Base32() {}

  static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(ALPHABET.charAt((buffer >>> bits) & 0x1f));
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 0x1f));
    }
    return out.toString();
  }

  /**
   * @param text base32 without the multibase prefix
   * @param offset where {@code text} starts in the string the user gave, for error positions
   * @throws ContentException naming the first character that is not base32, or saying that the text
   *     ends in the middle of a byte
   */
  static byte[] decode(String text, int offset) {
    byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int value = ALPHABET.indexOf(c);
      if (value < 0) {
        throw new ContentException(
            "Bad base32: '"
                + c
                + "' at position "
                + (i + offset)
                + " is not one of a-z, 2-7 (lowercase base32)");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >>> bits);
      }
    }
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      throw new ContentException(
          "Bad base32: the text ends in the middle of a byte (" + text.length() + " characters)");
    }
    return out;
  }
}
