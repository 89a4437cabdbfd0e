package dev.atelier.wallet;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/** Helpers that handle secret arrays without turning them into strings. */
final class Secrets {

  private Secrets() {}

  static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  static void wipe(char[]... arrays) {
    for (char[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, '\0');
      }
    }
  }

  /**
   * The UTF-8 bytes of {@code text} in normal form {@code form}. ASCII text is encoded directly;
   * other text goes through {@link Normalizer}, which needs a {@code String} (see the package
   * documentation). The caller clears the result.
   */
  static byte[] utf8(char[] text, Normalizer.Form form) {
    if (isAscii(text)) {
      byte[] out = new byte[text.length];
      for (int i = 0; i < text.length; i++) {
        out[i] = (byte) text[i];
      }
      return out;
    }
    char[] normalised = Normalizer.normalize(CharBuffer.wrap(text), form).toCharArray();
    try {
      return utf8(normalised);
    } finally {
      wipe(normalised);
    }
  }

  private static byte[] utf8(char[] text) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer encoded;
    try {
      encoded = encoder.encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("The text contains an unpaired surrogate character", e);
    }
    byte[] out = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
    wipe(encoded.array());
    return out;
  }

  private static boolean isAscii(char[] text) {
    for (char c : text) {
      if (c > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes hex digits, with or without a {@code 0x} prefix, ignoring surrounding whitespace.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating the input
   */
  static byte[] hex(char[] text) {
    int start = 0;
    int end = text.length;
    while (start < end && Character.isWhitespace(text[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(text[end - 1])) {
      end--;
    }
    if (end - start >= 2
        && text[start] == '0'
        && (text[start + 1] == 'x' || text[start + 1] == 'X')) {
      start += 2;
    }
    int digits = end - start;
    if (digits % 2 != 0) {
      throw new IllegalArgumentException("it has an odd number of hex digits (" + digits + ")");
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(text[start + 2 * i], 16);
      int lo = Character.digit(text[start + 2 * i + 1], 16);
      if (hi < 0 || lo < 0) {
        wipe(out);
        throw new IllegalArgumentException("it contains characters that are not hex digits");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }
}
