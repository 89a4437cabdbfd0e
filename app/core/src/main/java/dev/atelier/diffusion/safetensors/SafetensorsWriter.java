package dev.atelier.diffusion.safetensors;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@code .safetensors} file tensor by tensor, without holding the data in memory: each
 * tensor's bytes come from its {@link TensorData} as the file is written, so a 4 GB checkpoint of
 * random weights needs only a small buffer. The header is written first (its offsets follow from
 * the shapes), padded with spaces so the data section starts on an 8-byte boundary. A tensor of
 * {@link TensorData#ZEROS} is skipped over, leaving a hole. The file appears under its name only
 * when complete (written beside it, then moved).
 */
public final class SafetensorsWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 1 << 16;

  private SafetensorsWriter() {}

  /** Produces one tensor's raw little-endian bytes, exactly as many as its dtype and shape need. */
  @FunctionalInterface
  public interface TensorData {
    /**
     * All zero bytes, left as a hole in the file where the file system supports sparse files
     * (unwritten ranges read as zeros on Linux, macOS and Windows), so a layout of several
     * gigabytes takes next to no disk and no time.
     */
    TensorData ZEROS = out -> {};

    void writeTo(OutputStream out) throws IOException;
  }

  /** Fills {@code values[0..count)} with the tensor's elements {@code first..first+count}. */
  @FunctionalInterface
  public interface FloatFill {
    void fill(long first, float[] values, int count);
  }

  /** One tensor to write. */
  public record Entry(String name, Dtype dtype, Shape shape, TensorData data) {}

  /**
   * A tensor of float values stored as {@code dtype} (F32, F16 or BF16; F16 and BF16 rounded to
   * nearest, ties to even), produced in chunks by {@code fill}.
   */
  public static Entry floats(String name, Dtype dtype, Shape shape, FloatFill fill) {
    if (!dtype.readableAsFloat()) {
      throw new IllegalArgumentException(dtype + " is not a floating-point type");
    }
    long count = shape.size();
    return new Entry(name, dtype, shape, out -> encode(out, dtype, count, fill));
  }

  /** A tensor of zeros, written as a hole ({@link TensorData#ZEROS}). */
  public static Entry zeros(String name, Dtype dtype, Shape shape) {
    return new Entry(name, dtype, shape, TensorData.ZEROS);
  }

  /** A tensor of the given values, stored as {@code dtype}. */
  public static Entry floats(String name, Dtype dtype, Shape shape, float[] values) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException(
          name + ": " + values.length + " values for shape " + shape);
    }
    return floats(
        name, dtype, shape, (first, v, n) -> System.arraycopy(values, (int) first, v, 0, n));
  }

  private static void encode(OutputStream out, Dtype dtype, long count, FloatFill fill)
      throws IOException {
    float[] values = new float[CHUNK];
    ByteBuffer bytes = ByteBuffer.allocate(CHUNK * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (long first = 0; first < count; first += CHUNK) {
      int n = (int) Math.min(CHUNK, count - first);
      fill.fill(first, values, n);
      bytes.clear();
      for (int i = 0; i < n; i++) {
        switch (dtype) {
          case F32 -> bytes.putFloat(values[i]);
          case F16 -> bytes.putShort(Float.floatToFloat16(values[i]));
          case BF16 -> bytes.putShort(toBfloat16(values[i]));
          default -> throw new IllegalStateException(dtype.name());
        }
      }
      out.write(bytes.array(), 0, bytes.position());
    }
  }

  /** bfloat16 bits of {@code v}: the upper half of its float32 bits, rounded to nearest even. */
  static short toBfloat16(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  /**
   * Writes {@code entries} in order, with {@code metadata} as {@code __metadata__} (may be empty).
   *
   * @throws IllegalArgumentException on a duplicate or reserved name, or a producer that writes
   *     more or fewer bytes than its tensor needs
   */
  public static void write(Path file, List<Entry> entries, Map<String, String> metadata)
      throws IOException {
    long[] sizes = new long[entries.size()];
    byte[] header = header(entries, metadata, sizes);
    Path part = file.resolveSibling(file.getFileName() + ".part");
    boolean done = false;
    try (FileChannel channel =
            FileChannel.open(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        BufferedOutputStream out =
            new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
      byte[] length = new byte[8];
      ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
      out.write(length);
      out.write(header);
      long end = 8L + header.length;
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        end += sizes[i];
        if (e.data() == TensorData.ZEROS) {
          out.flush();
          channel.position(end);
          continue;
        }
        Bounded bounded = new Bounded(out, sizes[i], e.name());
        e.data().writeTo(bounded);
        bounded.finish();
      }
      out.flush();
      if (channel.size() < end) {
        // The file ends in a hole: its last byte makes the length (the rest reads as zeros).
        channel.write(ByteBuffer.allocate(1), end - 1);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(part);
      }
    }
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static byte[] header(List<Entry> entries, Map<String, String> metadata, long[] sizes) {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject(SafetensorsHeader.METADATA);
      metadata.forEach(meta::put);
    }
    Set<String> names = new HashSet<>();
    long offset = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.name().isEmpty()
          || e.name().equals(SafetensorsHeader.METADATA)
          || !names.add(e.name())) {
        throw new IllegalArgumentException("Tensor name empty, reserved or repeated: " + e.name());
      }
      long elements = 1;
      for (long d : e.shape().getShape()) {
        if (d < 0) {
          throw new IllegalArgumentException(e.name() + ": negative dimension in " + e.shape());
        }
        elements = Math.multiplyExact(elements, d);
      }
      sizes[i] = Math.multiplyExact(elements, (long) e.dtype().bytes());
      ObjectNode t = root.putObject(e.name());
      t.put("dtype", e.dtype().name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.shape().getShape()) {
        shape.add(d);
      }
      t.putArray("data_offsets").add(offset).add(offset + sizes[i]);
      offset += sizes[i];
    }
    byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = new byte[padded];
    System.arraycopy(json, 0, out, 0, json.length);
    java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  /** Passes bytes through and refuses more than one tensor's size; {@link #finish} checks all. */
  private static final class Bounded extends FilterOutputStream {
    private final long size;
    private final String name;
    private long written;

    Bounded(OutputStream out, long size, String name) {
      super(out);
      this.size = size;
      this.name = name;
    }

    @Override
    public void write(int b) throws IOException {
      check(1);
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check(len);
      out.write(b, off, len);
    }

    private void check(int len) {
      written += len;
      if (written > size) {
        throw new IllegalArgumentException(name + ": data longer than its " + size + " bytes");
      }
    }

    void finish() {
      if (written != size) {
        throw new IllegalArgumentException(
            name + ": " + written + " bytes of data, its shape needs " + size);
      }
    }

    @Override
    public void close() {
      // the file's stream is closed by the writer
    }
  }
}
