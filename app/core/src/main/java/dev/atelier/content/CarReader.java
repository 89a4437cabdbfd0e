package dev.atelier.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads CARv1 files (see {@link CarWriter} for the layout) and checks every block: its bytes must
 * hash to its CID. Anything else (a truncated file, a header that is not {@code {"roots": [...],
 * "version": 1}}, a CARv2 file, a damaged block) is refused with a {@link ContentException} that
 * says what and where; a damaged block is named by its index, CID and byte offset.
 *
 * <p>The header's DAG-CBOR is read by a small decoder here that takes the definite-length items a
 * CAR header can hold (unsigned integers, byte and text strings, arrays, maps, tag 42) and refuses
 * the rest.
 */
public final class CarReader {

  /** What a CAR file holds: its roots and its blocks, in file order, every one verified. */
  public record Car(List<Cid> roots, List<Block> blocks) {
    public Car {
      roots = List.copyOf(roots);
      blocks = List.copyOf(blocks);
    }

    /** The block with CID {@code cid}, if the file has it. */
    public Optional<Block> block(Cid cid) {
      return blocks.stream().filter(b -> b.cid().equals(cid)).findFirst();
    }
  }

  private CarReader() {}

  /** Reads and verifies the CAR file at {@code file}. */
  public static Car read(Path file) throws IOException {
    try {
      return read(Files.readAllBytes(file));
    } catch (ContentException e) {
      throw new ContentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and verifies a CAR file.
   *
   * @throws ContentException saying what is wrong and where
   */
  public static Car read(byte[] car) {
    if (car.length == 0) {
      throw new ContentException("Not a CAR file: it is empty");
    }
    Varint.Read headerLength = Varint.read(car, 0, car.length, "the CAR header length");
    if (headerLength.value() == 0) {
      throw new ContentException("Not a CAR file: its header is empty");
    }
    if (headerLength.value() > car.length - headerLength.next()) {
      throw new ContentException(
          "Truncated CAR file: the header announces "
              + headerLength.value()
              + " bytes but only "
              + (car.length - headerLength.next())
              + " follow");
    }
    int headerEnd = headerLength.next() + (int) headerLength.value();
    List<Cid> roots = roots(car, headerLength.next(), headerEnd);

    List<Block> blocks = new ArrayList<>();
    int offset = headerEnd;
    while (offset < car.length) {
      int index = blocks.size();
      Varint.Read length =
          Varint.read(car, offset, car.length, "the length of block " + index + " of the CAR");
      if (length.value() == 0) {
        throw new ContentException("Block " + index + " at byte " + offset + " is empty");
      }
      if (length.value() > car.length - length.next()) {
        throw new ContentException(
            "Truncated CAR file: block "
                + index
                + " at byte "
                + offset
                + " announces "
                + length.value()
                + " bytes but only "
                + (car.length - length.next())
                + " follow");
      }
      int end = length.next() + (int) length.value();
      Cid.Read cid;
      try {
        cid = Cid.read(car, length.next(), end);
      } catch (ContentException e) {
        throw new ContentException(
            "Block " + index + " at byte " + offset + " has a bad CID: " + e.getMessage(), e);
      }
      byte[] data = Arrays.copyOfRange(car, cid.next(), end);
      if (!cid.cid().verify(data)) {
        throw new ContentException(
            "Block "
                + index
                + " ("
                + cid.cid()
                + ", "
                + data.length
                + " bytes at byte "
                + offset
                + ") does not match its CID: its bytes were altered or damaged");
      }
      blocks.add(new Block(cid.cid(), data));
      offset = end;
    }
    return new Car(roots, blocks);
  }

  private static List<Cid> roots(byte[] car, int start, int end) {
    Cbor cbor = new Cbor(car, start, end);
    Object header;
    try {
      header = cbor.item(0);
      if (cbor.at != end) {
        throw new ContentException((end - cbor.at) + " bytes follow the CBOR map");
      }
    } catch (ContentException e) {
      throw new ContentException("Bad CAR header: " + e.getMessage(), e);
    }
    if (!(header instanceof Map<?, ?> map)) {
      throw new ContentException("Bad CAR header: it is not a CBOR map");
    }
    for (Object key : map.keySet()) {
      if (!key.equals("version") && !key.equals("roots")) {
        throw new ContentException("Bad CAR header: unexpected key \"" + key + "\"");
      }
    }
    Object version = map.get("version");
    if (version == null) {
      throw new ContentException("Bad CAR header: no version");
    }
    if (!version.equals(1L)) {
      throw new ContentException(
          "Unsupported CAR version "
              + version
              + (version.equals(2L) ? " (a CARv2 file)" : "")
              + ": this reader takes CARv1 files");
    }
    if (!(map.get("roots") instanceof List<?> list)) {
      throw new ContentException("Bad CAR header: roots is missing or not an array");
    }
    List<Cid> roots = new ArrayList<>();
    for (Object root : list) {
      if (!(root instanceof Link link)) {
        throw new ContentException(
            "Bad CAR header: root " + roots.size() + " is not a CID (CBOR tag 42)");
      }
      try {
        roots.add(Cid.fromBytes(link.cid()));
      } catch (ContentException e) {
        throw new ContentException(
            "Bad CAR header: root " + roots.size() + ": " + e.getMessage(), e);
      }
    }
    return roots;
  }

  /** A CBOR tag 42 (an IPLD link): the CID's binary form, without the 0x00 prefix. */
  private record Link(byte[] cid) {}

  /** A strict decoder of the definite-length CBOR a CAR header holds. */
  private static final class Cbor {
    private static final int MAX_DEPTH = 8;

    private final byte[] bytes;
    private final int end;
    private int at;

    Cbor(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.at = start;
      this.end = end;
    }

    Object item(int depth) {
      if (depth > MAX_DEPTH) {
        throw new ContentException("CBOR nested too deeply");
      }
      int initial = next();
      int major = initial >>> 5;
      long argument = argument(initial & 0x1f);
      return switch (major) {
        case 0 -> argument;
        case 2 -> take(argument);
        case 3 -> text(take(argument));
        case 4 -> {
          List<Object> list = new ArrayList<>();
          for (long i = 0; i < argument; i++) {
            list.add(item(depth + 1));
          }
          yield list;
        }
        case 5 -> {
          Map<Object, Object> map = new LinkedHashMap<>();
          for (long i = 0; i < argument; i++) {
            Object key = item(depth + 1);
            if (!(key instanceof String)) {
              throw new ContentException("a map key is not a text string");
            }
            if (map.put(key, item(depth + 1)) != null) {
              throw new ContentException("the key \"" + key + "\" appears twice");
            }
          }
          yield map;
        }
        case 6 -> {
          if (argument != CarWriter.CID_TAG) {
            throw new ContentException("unsupported CBOR tag " + argument);
          }
          if (!(item(depth + 1) instanceof byte[] link) || link.length < 2 || link[0] != 0) {
            throw new ContentException("a CID (tag 42) must be a byte string starting with 0x00");
          }
          yield new Link(Arrays.copyOfRange(link, 1, link.length));
        }
        default ->
            throw new ContentException(
                "unsupported CBOR item (major type " + major + ") at byte " + (at - 1));
      };
    }

    private int next() {
      if (at >= end) {
        throw new ContentException("the CBOR ends early");
      }
      return bytes[at++] & 0xff;
    }

    private long argument(int info) {
      if (info < 24) {
        return info;
      }
      int size =
          switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default ->
                throw new ContentException(
                    "indefinite lengths and reserved CBOR forms are not allowed in a CAR header");
          };
      long value = 0;
      for (int i = 0; i < size; i++) {
        value = (value << 8) | next();
      }
      if (value < 0) {
        throw new ContentException("a CBOR number is too large");
      }
      return value;
    }

    private byte[] take(long length) {
      if (length > end - at) {
        throw new ContentException("a CBOR string runs past the end of the header");
      }
      byte[] out = Arrays.copyOfRange(bytes, at, at + (int) length);
      at += (int) length;
      return out;
    }

    private static String text(byte[] utf8) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(utf8))
            .toString();
      } catch (CharacterCodingException e) {
        throw new ContentException("a CBOR text string is not valid UTF-8");
      }
    }
  }
}
