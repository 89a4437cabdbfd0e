package dev.atelier.content;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned varints as the multiformats specification defines them (unsigned-varint): seven bits a
 * byte, least significant group first, the high bit set on every byte but the last. Values are at
 * most 2^63 - 1 (nine bytes), and the encoding must be minimal: a varint that ends in a zero byte
 * (other than the single byte {@code 0x00}) is refused, so that every value has one encoding.
 */
final class Varint {

  /** The most bytes a varint may take (63 bits of value). */
  static final int MAX_BYTES = 9;

  private Varint() {}

  /** Appends the encoding of {@code value} (not negative). */
  static void write(long value, ByteArrayOutputStream out) {
    if (value < 0) {
      throw new IllegalArgumentException("A varint holds values from 0 to 2^63-1, not " + value);
    }
    while (value >= 0x80) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** The encoding of {@code value} on its own. */
  static byte[] encode(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_BYTES);
    write(value, out);
    return out.toByteArray();
  }

  /** How many bytes {@code value} takes. */
  static int size(long value) {
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** A decoded value and the offset just after it. */
  record Read(long value, int next) {}

  /**
   * Reads a varint from {@code bytes} starting at {@code offset}, reading no further than {@code
   * end}.
   *
   * @param what what the varint is, for the error message ("the CID version")
   * @throws ContentException when the bytes end inside the varint, it is longer than nine bytes or
   *     not minimal
   */
  static Read read(byte[] bytes, int offset, int end, String what) {
    long value = 0;
    for (int i = 0; ; i++) {
      int at = offset + i;
      if (at >= end) {
        throw new ContentException(
            "Truncated varint for " + what + " at byte " + offset + ": the data ends inside it");
      }
      if (i == MAX_BYTES) {
        throw new ContentException(
            "The varint for " + what + " at byte " + offset + " is longer than 9 bytes");
      }
      int b = bytes[at] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new ContentException(
              "The varint for "
                  + what
                  + " at byte "
                  + offset
                  + " is not minimally encoded (it ends in a zero byte)");
        }
        return new Read(value, at + 1);
      }
    }
  }
}
