package dev.atelier.png;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads and writes one text chunk of a PNG by keyword.
 *
 * <p>Writing follows what most image tools do (Pillow's {@code PngInfo.add_text}): a {@code tEXt}
 * chunk when the text is Latin-1, otherwise an uncompressed {@code iTXt} chunk in UTF-8 with an
 * empty language tag and translated keyword. The chunk goes just before the first {@code IDAT}, so
 * readers that stop at the image data still see it, and replaces any text chunk with the same
 * keyword.
 *
 * <p>Reading accepts {@code tEXt}, {@code zTXt} and {@code iTXt}, compressed or not, anywhere in
 * the file. {@code tEXt} is Latin-1 by the standard, but some tools put UTF-8 there: bytes that are
 * valid UTF-8 with at least one multi-byte sequence are read as UTF-8 (Latin-1 text almost never
 * is).
 */
public final class PngText {

  /** The most text read or written in one chunk (after decompression): 1 MiB. */
  public static final int MAX_TEXT_BYTES = 1 << 20;

  private static final int MAX_KEYWORD = 79;

  private PngText() {}

  /**
   * The text of the first text chunk with {@code keyword}, or empty when there is none.
   *
   * @throws PngFormatException when {@code png} is not a well-formed PNG, or that chunk cannot be
   *     read (more than {@link #MAX_TEXT_BYTES}, bad UTF-8 in {@code iTXt}, damaged compression)
   */
  public static Optional<String> find(byte[] png, String keyword) {
    byte[] key = keyword.getBytes(StandardCharsets.ISO_8859_1);
    for (PngChunks.Chunk c : PngChunks.of(png)) {
      if (isText(c.type()) && hasKeyword(png, c, key)) {
        return Optional.of(decode(png, c, key.length, keyword));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code png} with {@code text} in a chunk named {@code keyword} just before the image data,
   * replacing any text chunk with that keyword. NUL characters, which a text chunk cannot hold, are
   * left out.
   *
   * @throws IllegalArgumentException for a keyword that is not 1 to 79 printable Latin-1
   *     characters, or a text over {@link #MAX_TEXT_BYTES} bytes
   * @throws PngFormatException when {@code png} is not a well-formed PNG
   */
  public static byte[] withText(byte[] png, String keyword, String text) {
    requireKeyword(keyword);
    String clean = text.replace("\0", "");
    byte[] key = keyword.getBytes(StandardCharsets.ISO_8859_1);
    boolean latin1 = StandardCharsets.ISO_8859_1.newEncoder().canEncode(clean);
    byte[] body = clean.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    if (body.length > MAX_TEXT_BYTES) {
      throw new IllegalArgumentException(
          "The "
              + keyword
              + " text is "
              + body.length
              + " bytes; at most "
              + MAX_TEXT_BYTES
              + " fit");
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream(key.length + body.length + 5);
    data.writeBytes(key);
    data.write(0);
    if (!latin1) {
      data.write(0); // not compressed
      data.write(0); // compression method
      data.write(0); // empty language tag
      data.write(0); // empty translated keyword
    }
    data.writeBytes(body);
    byte[] chunk = PngChunks.chunk(latin1 ? "tEXt" : "iTXt", data.toByteArray());

    List<PngChunks.Chunk> chunks = PngChunks.of(png);
    ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + chunk.length);
    out.write(png, 0, PngChunks.SIGNATURE.length);
    boolean written = false;
    for (PngChunks.Chunk c : chunks) {
      if (isText(c.type()) && hasKeyword(png, c, key)) {
        continue;
      }
      if (!written && (c.type().equals("IDAT") || c.type().equals("IEND"))) {
        out.writeBytes(chunk);
        written = true;
      }
      out.write(png, c.offset(), c.end() - c.offset());
    }
    int end = chunks.getLast().end();
    out.write(png, end, png.length - end); // bytes after IEND stay as they were
    return out.toByteArray();
  }

  private static void requireKeyword(String keyword) {
    if (keyword.isEmpty()
        || keyword.length() > MAX_KEYWORD
        || !keyword.chars().allMatch(c -> (c >= 32 && c <= 126) || (c >= 161 && c <= 255))) {
      throw new IllegalArgumentException(
          "A PNG text keyword is 1 to 79 printable Latin-1 characters, not \"" + keyword + "\"");
    }
  }

  private static boolean isText(String type) {
    return type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt");
  }

  private static boolean hasKeyword(byte[] png, PngChunks.Chunk c, byte[] key) {
    return c.length() > key.length
        && png[c.dataOffset() + key.length] == 0
        && java.util.Arrays.equals(
            png, c.dataOffset(), c.dataOffset() + key.length, key, 0, key.length);
  }

  private static String decode(byte[] png, PngChunks.Chunk c, int keyLength, String keyword) {
    int p = c.dataOffset() + keyLength + 1;
    int end = c.end() - 4;
    String where = "the " + c.type() + " chunk \"" + keyword + "\" at byte " + c.offset();
    switch (c.type()) {
      case "tEXt" -> {
        return textChunk(png, p, end, where);
      }
      case "zTXt" -> {
        if (p >= end || png[p] != 0) {
          throw bad(where + " uses an unknown compression method");
        }
        return new String(inflate(png, p + 1, end, where), StandardCharsets.ISO_8859_1);
      }
      default -> {
        if (end - p < 2) {
          throw bad(where + " is cut short");
        }
        boolean compressed = png[p] != 0;
        if (compressed && png[p + 1] != 0) {
          throw bad(where + " uses an unknown compression method");
        }
        p = skipNulTerminated(png, skipNulTerminated(png, p + 2, end, where), end, where);
        byte[] utf8 = compressed ? inflate(png, p, end, where) : limited(png, p, end, where);
        return utf8(utf8, 0, utf8.length, where);
      }
    }
  }

  private static String textChunk(byte[] png, int from, int to, String where) {
    byte[] bytes = limited(png, from, to, where);
    boolean multiByte = false;
    for (byte b : bytes) {
      multiByte |= b < 0;
    }
    if (multiByte) {
      try {
        return strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        // Latin-1, as the standard says.
      }
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] limited(byte[] png, int from, int to, String where) {
    if (to - from > MAX_TEXT_BYTES) {
      throw bad(
          where
              + " holds "
              + (to - from)
              + " bytes of text; at most "
              + MAX_TEXT_BYTES
              + " are read");
    }
    return java.util.Arrays.copyOfRange(png, from, to);
  }

  private static int skipNulTerminated(byte[] png, int p, int end, String where) {
    for (int i = p; i < end; i++) {
      if (png[i] == 0) {
        return i + 1;
      }
    }
    throw bad(where + " is cut short: its language tag or translated keyword never ends");
  }

  private static byte[] inflate(byte[] png, int from, int to, String where) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(png, from, to - from);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw bad(where + ": its compressed text is cut short");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_TEXT_BYTES) {
          throw bad(where + " unpacks to more than " + MAX_TEXT_BYTES + " bytes of text; not read");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new PngFormatException(
          PngFormatException.Reason.BAD_TEXT,
          where + ": its compressed text is damaged (" + e.getMessage() + ")",
          e);
    } finally {
      inflater.end();
    }
  }

  private static String utf8(byte[] bytes, int from, int to, String where) {
    try {
      CharBuffer chars = strictUtf8().decode(ByteBuffer.wrap(bytes, from, to - from));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new PngFormatException(
          PngFormatException.Reason.BAD_TEXT, where + " is not valid UTF-8", e);
    }
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static PngFormatException bad(String message) {
    return new PngFormatException(PngFormatException.Reason.BAD_TEXT, message);
  }
}
