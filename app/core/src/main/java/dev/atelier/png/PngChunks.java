package dev.atelier.png;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The chunk layer of PNG: the 8-byte signature, then chunks of length (4 bytes, big-endian, data
 * only), type (4 letters), data and a CRC-32 over type and data, up to {@code IEND}.
 */
final class PngChunks {

  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** A chunk's position: {@code offset} of its length field, {@code length} of its data. */
  record Chunk(int offset, int length, String type) {

    int dataOffset() {
      return offset + 8;
    }

    /** The offset just after its CRC. */
    int end() {
      return offset + 12 + length;
    }
  }

  private PngChunks() {}

  /**
   * The chunks of {@code png} in order, checked: the signature, every length against the bytes
   * left, every CRC, {@code IHDR} first and {@code IEND} present.
   *
   * @throws PngFormatException saying what is wrong and at which byte
   */
  static List<Chunk> of(byte[] png) {
    if (png.length < SIGNATURE.length
        || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw new PngFormatException(
          PngFormatException.Reason.NOT_PNG,
          "Not a PNG file: it does not start with the PNG signature");
    }
    List<Chunk> chunks = new ArrayList<>();
    int p = SIGNATURE.length;
    while (true) {
      if (png.length - p < 12) {
        throw damaged("The PNG file is truncated at byte " + p + ": it ends before an IEND chunk");
      }
      long length = ByteBuffer.wrap(png, p, 4).getInt() & 0xffff_ffffL;
      String type = new String(png, p + 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        throw damaged(
            "The PNG file is damaged at byte " + p + ": the chunk type there is not four letters");
      }
      if (length > png.length - p - 12L) {
        throw damaged(
            "The PNG file is truncated: its "
                + type
                + " chunk at byte "
                + p
                + " claims "
                + length
                + " bytes of data but only "
                + Math.max(0, png.length - p - 12)
                + " are left");
      }
      Chunk chunk = new Chunk(p, (int) length, type);
      if (ByteBuffer.wrap(png, chunk.end() - 4, 4).getInt()
          != crc(png, p + 4, chunk.length() + 4)) {
        throw damaged(
            "The PNG file is damaged: the CRC of its "
                + type
                + " chunk at byte "
                + p
                + " is wrong");
      }
      if (chunks.isEmpty() && !type.equals("IHDR")) {
        throw damaged("The PNG file is damaged: its first chunk is " + type + ", not IHDR");
      }
      chunks.add(chunk);
      p = chunk.end();
      if (type.equals("IEND")) {
        return chunks;
      }
    }
  }

  /** A whole chunk: length, type, data, CRC. */
  static byte[] chunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
    b.putInt(crc(b.array(), 4, 4 + data.length));
    return b.array();
  }

  private static int crc(byte[] data, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  private static PngFormatException damaged(String message) {
    return new PngFormatException(PngFormatException.Reason.DAMAGED, message);
  }
}
