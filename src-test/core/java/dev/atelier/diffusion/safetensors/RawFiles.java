package dev.atelier.diffusion.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, including broken ones, without the writer under test. */
final class RawFiles {

  private RawFiles() {}

  /** 8-byte little-endian header length, the header text, then {@code data}. */
  static Path file(Path dir, String name, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return withLength(dir, name, json.length, json, data);
  }

  /** A file whose length field says {@code claimed} whatever follows. */
  static Path withLength(Path dir, String name, long claimed, byte[] header, byte[] data)
      throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(claimed).put(header).put(data);
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p;
  }

  /** {@code count} floats as little-endian float32 bytes. */
  static byte[] f32(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putInt(Float.floatToRawIntBits(v));
    }
    return b.array();
  }

  /** IEEE half precision, by the JDK's conversion. */
  static byte[] f16(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort(Float.floatToFloat16(v));
    }
    return b.array();
  }

  /** bfloat16 by truncation: the upper 16 bits of each float32. */
  static byte[] bf16(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
    }
    return b.array();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }
}
