package dev.atelier.diffusion.safetensors;

import static dev.atelier.diffusion.safetensors.SafetensorsException.Reason.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.nn.WeightSource;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .safetensors} file of any size, read tensor by tensor from a memory mapping.
 *
 * <p>Format: an 8-byte little-endian header length {@code n}, {@code n} bytes of JSON header, then
 * the data section. {@link #open} reads and validates the whole header ({@link SafetensorsHeader})
 * before mapping anything, so a hostile file is refused with a {@link SafetensorsException} and
 * never causes a crash or a huge allocation: the header is bounded to {@value #MAX_HEADER_BYTES}
 * bytes and must lie within the file.
 *
 * <p>Mapping: each tensor is mapped on its own while it is read, as a {@link MemorySegment} through
 * the foreign memory API ({@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}), which
 * takes long offsets and sizes, so a 4 GB SD 1.5 checkpoint needs no splitting into 2 GiB {@code
 * MappedByteBuffer}s and a tensor that straddles the 2 GiB mark is one slice. The mapping belongs
 * to a confined {@link Arena} that is closed as soon as the tensor is copied out, which unmaps it
 * at once. The file's pages therefore count towards the process's resident memory only while their
 * tensor is copied: mapping the whole file for the length of a load would hold a second copy of the
 * weights (the file's pages next to the arrays made from them) until the end.
 *
 * <p>Reading: each tensor is copied from its mapping straight into a fresh engine-owned array (one
 * memory copy); F16 is then widened to float32 by the engine, BF16 while it is copied. The returned
 * array owns its memory and stays valid after {@link #close}, which closes the file.
 *
 * <p>Pickle checkpoints ({@code .ckpt}, {@code .pt}, {@code .pth}, a pickled {@code .bin}) are
 * refused with {@link SafetensorsException#pickle}: loading one can run code.
 */
public final class SafetensorsFile implements WeightSource {

  /** The largest header accepted, as the format's reference implementation has it. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /**
   * File endings that mean a PyTorch pickle checkpoint. A {@code .bin} is judged by its first bytes
   * only, since other formats use that ending too.
   */
  static final Set<String> PICKLE_ENDINGS = Set.of(".ckpt", ".pt", ".pth", ".pkl");

  private static final ValueLayout.OfShort BF16_IN =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final SafetensorsHeader header;
  private final Map<String, Shape> shapes;
  private final FileChannel channel;
  private final long dataStart;
  private volatile boolean closed;

  private SafetensorsFile(
      Path file, SafetensorsHeader header, FileChannel channel, long dataStart) {
    this.file = file;
    this.header = header;
    this.channel = channel;
    this.dataStart = dataStart;
    Map<String, Shape> s = new LinkedHashMap<>();
    header.tensors().forEach((k, v) -> s.put(k, v.shape()));
    this.shapes = Collections.unmodifiableMap(s);
  }

  /**
   * Opens and validates {@code file}. Reads no tensor data; the file stays open until {@link
   * #close}.
   *
   * @throws SafetensorsException when the file is unreadable, malformed or a pickle checkpoint
   */
  public static SafetensorsFile open(Path file) {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      SafetensorsFile opened = open(file, ch);
      ch = null; // the file owns it now
      return opened;
    } catch (IOException e) {
      throw SafetensorsException.of(
          READ_FAILED, file, null, "it could not be read (" + e + ").", e);
    } finally {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
    }
  }

  private static SafetensorsFile open(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    byte[] head = readFully(ch, 0, (int) Math.min(9, size), file);
    if (size < 8) {
      if (isPickle(file, head)) {
        throw SafetensorsException.pickle(file);
      }
      throw SafetensorsException.of(
          TRUNCATED, file, null, "it is only " + size + " bytes long, too short for a header.");
    }
    long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    boolean plausible = n >= 2 && n <= size - 8 && head.length > 8 && head[8] == '{';
    if (!plausible && isPickle(file, head)) {
      throw SafetensorsException.pickle(file);
    }
    checkHeaderLength(n, size, file);
    byte[] json = readFully(ch, 8, (int) n, file);
    SafetensorsHeader header = SafetensorsHeader.parse(json, size - 8 - n, file);
    return new SafetensorsFile(file, header, ch, 8 + n);
  }

  private static void checkHeaderLength(long n, long size, Path file) {
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw SafetensorsException.of(
          HEADER_TOO_LARGE,
          file,
          null,
          "its header claims "
              + Long.toUnsignedString(n)
              + " bytes, more than the "
              + MAX_HEADER_BYTES
              + " allowed.");
    }
    if (n > size - 8) {
      throw SafetensorsException.of(
          TRUNCATED,
          file,
          null,
          "its header claims " + n + " bytes but the file has only " + (size - 8) + " after it.");
    }
    if (n < 2) {
      throw SafetensorsException.of(HEADER_NOT_JSON, file, null, "its header is empty.");
    }
  }

  /** A zip archive (PyTorch's current format) or a raw pickle stream, or a pickle file ending. */
  static boolean isPickle(Path file, byte[] head) {
    boolean zip =
        head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    boolean pickle = head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2 && head[1] <= 5;
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    boolean ending = PICKLE_ENDINGS.stream().anyMatch(name::endsWith);
    return zip || pickle || ending;
  }

  private static byte[] readFully(FileChannel ch, long position, int length, Path file)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw SafetensorsException.of(TRUNCATED, file, null, "it ended while its header was read.");
      }
    }
    return buf.array();
  }

  /** The file this was opened from. */
  public Path file() {
    return file;
  }

  /** Every tensor (readable as float32 or not), in the order of its bytes in the file. */
  public Map<String, TensorInfo> tensors() {
    return header.tensors();
  }

  /** The file's {@code __metadata__} map; empty when it has none. */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  @Override
  public Map<String, Shape> shapes() {
    return shapes;
  }

  /**
   * Reads one tensor as float32 onto {@code manager}.
   *
   * @throws IllegalArgumentException when there is no tensor of that name
   * @throws SafetensorsException when the tensor is not of a floating-point type, is over 2 GiB, or
   *     the file shrank while mapped
   * @throws IllegalStateException after {@link #close}
   */
  @Override
  public NDArray read(String name, NDManager manager) {
    TensorInfo t = header.tensors().get(name);
    if (t == null) {
      throw new IllegalArgumentException("No tensor " + name + " in " + file.getFileName());
    }
    if (!t.dtype().readableAsFloat()) {
      throw SafetensorsException.of(
          NOT_FLOAT,
          file,
          name,
          "it holds " + t.dtype() + " values, not floating-point numbers (F32, F16 or BF16).");
    }
    if (t.byteSize() > Integer.MAX_VALUE - 8) {
      throw SafetensorsException.of(
          TENSOR_TOO_LARGE,
          file,
          name,
          "it is " + t.byteSize() + " bytes, over the 2 GiB per tensor" + " this reader supports.");
    }
    if (closed) {
      throw new IllegalStateException(file.getFileName() + " is closed");
    }
    boolean widenHere = t.dtype() == Dtype.BF16;
    DataType created = widenHere ? DataType.FLOAT32 : t.dtype().storedType();
    NDArray stored = manager.create(t.shape(), created);
    try (Arena arena = Arena.ofConfined()) {
      if (t.byteSize() > 0) {
        MemorySegment src =
            channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteSize(), arena);
        copyInto(stored, src, widenHere);
      }
    } catch (IOException | RuntimeException | InternalError e) {
      stored.close();
      throw translate(e, t);
    }
    if (created == DataType.FLOAT32) {
      return stored;
    }
    NDArray widened = stored.toType(DataType.FLOAT32, false);
    stored.close();
    return widened;
  }

  /**
   * Copies the stored bytes into {@code target}'s own memory, widening bfloat16 to float32 on the
   * way when {@code widenBf16} (the engine has no bfloat16 arrays on every platform; bfloat16 is
   * the upper half of a float32, so widening is a shift). The engine hands out a direct view of a
   * fresh contiguous CPU array's storage; where it does not (another engine, a device array), the
   * bytes go through a temporary buffer instead.
   */
  private static void copyInto(NDArray target, MemorySegment src, boolean widenBf16) {
    long n = widenBf16 ? src.byteSize() * 2 : src.byteSize();
    if (n == 0) {
      return;
    }
    // On a GPU the engine's "view" is a copy on the CPU: writing into it would be lost.
    ByteBuffer view = target.getDevice().isGpu() ? null : target.toByteBuffer(true);
    boolean direct = view != null && view.isDirect() && !view.isReadOnly() && view.capacity() == n;
    ByteBuffer dst =
        direct ? view : ByteBuffer.allocateDirect((int) n).order(ByteOrder.nativeOrder());
    MemorySegment out = MemorySegment.ofBuffer(dst);
    if (widenBf16) {
      long count = src.byteSize() / 2;
      for (long i = 0; i < count; i++) {
        int bits = src.getAtIndex(BF16_IN, i) & 0xFFFF;
        out.setAtIndex(ValueLayout.JAVA_INT, i, bits << 16);
      }
    } else {
      MemorySegment.copy(src, 0, out, 0, n);
    }
    if (!direct) {
      target.set(dst);
    }
  }

  private RuntimeException translate(Throwable e, TensorInfo t) {
    if (closed && (e instanceof IllegalStateException || e instanceof ClosedChannelException)) {
      return new IllegalStateException(file.getFileName() + " is closed", e);
    }
    if (e instanceof InternalError || e instanceof IOException) {
      // The region lies past the end (the file was cut short after it was opened), or a fault
      // while touching the mapping (cut short while it was being read).
      return SafetensorsException.of(
          TRUNCATED, file, t.name(), "the file changed or shrank while it was being read.", e);
    }
    return (RuntimeException) e;
  }

  /** Closes the file. Arrays already read stay valid; reading after this fails. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was written; the descriptor is released either way
      }
    }
  }
}
