package dev.atelier.c2pa;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of CBOR (RFC 8949) that C2PA manifests use.
 *
 * <p>Encoding is deterministic: definite lengths, the shortest argument form, map entries in the
 * order given (callers use {@link LinkedHashMap}s with a fixed key order). It takes {@code null},
 * {@link Boolean}, {@link Integer}/{@link Long}, {@link String}, {@code byte[]}, {@link List},
 * {@link Map} and {@link Tagged}.
 *
 * <p>Decoding accepts any well-formed CBOR, definite or indefinite lengths, and gives {@code null},
 * {@link Boolean}, {@link Long} (or {@link BigInteger} beyond its range), {@link Double}, {@link
 * String}, {@code byte[]}, {@link List}, {@link Map} (keys in file order) and {@link Tagged}. It
 * checks every length against the bytes left and limits nesting, so damaged input fails with a
 * {@link C2paException} saying where, never with an index error.
 */
final class Cbor {

  /** A tagged data item (major type 6). */
  record Tagged(long tag, Object value) {}

  private static final int MAX_DEPTH = 64;

  private Cbor() {}

  // ---- encoding

  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    switch (value) {
      case null -> out.write(0xf6);
      case Boolean b -> out.write(b ? 0xf5 : 0xf4);
      case Integer i -> writeInteger(out, i);
      case Long l -> writeInteger(out, l);
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, utf8.length);
        out.writeBytes(utf8);
      }
      case byte[] bytes -> {
        head(out, 2, bytes.length);
        out.writeBytes(bytes);
      }
      case List<?> list -> {
        head(out, 4, list.size());
        for (Object item : list) {
          write(out, item);
        }
      }
      case Map<?, ?> map -> {
        head(out, 5, map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          write(out, e.getKey());
          write(out, e.getValue());
        }
      }
      case Tagged t -> {
        head(out, 6, t.tag());
        write(out, t.value());
      }
      default ->
          throw new IllegalArgumentException(
              "Cannot encode "
                  + (value instanceof Number n ? "the number " + n : "a value of this kind")
                  + " in CBOR: it takes text, whole numbers, bytes, true or false, lists, maps"
                  + " and tags");
    }
  }

  private static void writeInteger(ByteArrayOutputStream out, long v) {
    if (v >= 0) {
      head(out, 0, v);
    } else {
      head(out, 1, -1 - v);
    }
  }

  /** Major type and argument in the shortest form ({@code arg} read as unsigned). */
  private static void head(ByteArrayOutputStream out, int major, long arg) {
    int m = major << 5;
    if (arg >= 0 && arg < 24) {
      out.write(m | (int) arg);
    } else if (arg >= 0 && arg <= 0xff) {
      out.write(m | 24);
      out.write((int) arg);
    } else if (arg >= 0 && arg <= 0xffff) {
      out.write(m | 25);
      out.write((int) (arg >>> 8));
      out.write((int) arg);
    } else if (arg >= 0 && arg <= 0xffff_ffffL) {
      out.write(m | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (arg >>> shift));
      }
    } else {
      out.write(m | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (arg >>> shift));
      }
    }
  }

  // ---- reading decoded values

  /** {@code value} as a map, or a {@link C2paException} naming {@code what}. */
  static Map<?, ?> map(Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    throw new C2paException(what + " is not a CBOR map");
  }

  /** A field that must be there. */
  static Object required(Map<?, ?> map, Object key, String what) {
    Object v = map.get(key);
    if (v == null) {
      throw new C2paException(what + " has no field \"" + key + "\"");
    }
    return v;
  }

  static String text(Map<?, ?> map, Object key, String what) {
    if (required(map, key, what) instanceof String s) {
      return s;
    }
    throw new C2paException(what + ": field \"" + key + "\" is not text");
  }

  /** A text field, or {@code null} when absent or not text. */
  static String optionalText(Map<?, ?> map, Object key) {
    return map.get(key) instanceof String s ? s : null;
  }

  static byte[] bytes(Map<?, ?> map, Object key, String what) {
    if (required(map, key, what) instanceof byte[] b) {
      return b;
    }
    throw new C2paException(what + ": field \"" + key + "\" is not a byte string");
  }

  static List<?> list(Map<?, ?> map, Object key, String what) {
    if (required(map, key, what) instanceof List<?> l) {
      return l;
    }
    throw new C2paException(what + ": field \"" + key + "\" is not an array");
  }

  static long integer(Map<?, ?> map, Object key, String what) {
    if (required(map, key, what) instanceof Long l) {
      return l;
    }
    throw new C2paException(what + ": field \"" + key + "\" is not an integer in range");
  }

  // ---- decoding

  /**
   * Decodes exactly one data item that fills {@code data}.
   *
   * @param what names the data in error messages ("the claim", "the claim signature")
   */
  static Object decode(byte[] data, String what) {
    Reader r = new Reader(data, what);
    Object value = r.item(0, false);
    if (r.pos != data.length) {
      throw r.error(r.pos, (data.length - r.pos) + " stray bytes follow the value");
    }
    return value;
  }

  /** The "break" stop code that ends an indefinite-length item. */
  private static final Object BREAK = new Object();

  private static final class Reader {
    private final byte[] data;
    private final String what;
    private int pos;

    Reader(byte[] data, String what) {
      this.data = data;
      this.what = what;
    }

    C2paException error(int at, String detail) {
      return new C2paException("Malformed CBOR in " + what + " at byte " + at + ": " + detail);
    }

    private int u8() {
      if (pos >= data.length) {
        throw error(pos, "the data ends in the middle of a value");
      }
      return data[pos++] & 0xff;
    }

    /** The argument of a head; values of 2^63 and more come back negative (unsigned). */
    private long argument(int info, int start) {
      int size =
          switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> {
              if (info < 24) {
                yield 0;
              }
              throw error(start, "reserved additional information " + info);
            }
          };
      if (size == 0) {
        return info;
      }
      long v = 0;
      for (int i = 0; i < size; i++) {
        v = v << 8 | u8();
      }
      return v;
    }

    /** A length that must fit in the bytes left (each element takes at least one byte). */
    private int length(long arg, int start) {
      if (arg < 0 || arg > data.length - pos) {
        throw error(
            start, "a length of " + Long.toUnsignedString(arg) + " runs past the end of the data");
      }
      return (int) arg;
    }

    Object item(int depth, boolean breakAllowed) {
      int start = pos;
      if (depth > MAX_DEPTH) {
        throw error(start, "values nested deeper than " + MAX_DEPTH + " levels");
      }
      int initial = u8();
      int major = initial >>> 5;
      int info = initial & 0x1f;
      if (initial == 0xff) {
        if (!breakAllowed) {
          throw error(start, "a break code outside an indefinite-length value");
        }
        return BREAK;
      }
      if (info == 31) {
        return indefinite(major, depth, start);
      }
      if (major == 7) {
        return simple(info, start);
      }
      long arg = argument(info, start);
      return switch (major) {
        case 0 -> arg >= 0 ? (Object) arg : unsigned(arg);
        case 1 -> arg >= 0 ? (Object) (-1 - arg) : unsigned(arg).negate().subtract(BigInteger.ONE);
        case 2 -> bytes(length(arg, start));
        case 3 -> text(length(arg, start), start);
        case 4 -> {
          int n = length(arg, start);
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(item(depth + 1, false));
          }
          yield Collections.unmodifiableList(list);
        }
        case 5 -> {
          int n = length(arg, start);
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            int at = pos;
            put(map, item(depth + 1, false), item(depth + 1, false), at);
          }
          yield Collections.unmodifiableMap(map);
        }
        case 6 -> new Tagged(arg, item(depth + 1, false));
        default -> throw new AssertionError(major);
      };
    }

    private Object indefinite(int major, int depth, int start) {
      switch (major) {
        case 2, 3 -> {
          ByteArrayOutputStream joined = new ByteArrayOutputStream();
          for (Object chunk = item(depth + 1, true);
              chunk != BREAK;
              chunk = item(depth + 1, true)) {
            if (major == 2 && chunk instanceof byte[] b) {
              joined.writeBytes(b);
            } else if (major == 3 && chunk instanceof String s) {
              joined.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
              throw error(start, "an indefinite-length string holds a chunk of another type");
            }
          }
          byte[] all = joined.toByteArray();
          return major == 2 ? all : new String(all, StandardCharsets.UTF_8);
        }
        case 4 -> {
          List<Object> list = new ArrayList<>();
          for (Object item = item(depth + 1, true); item != BREAK; item = item(depth + 1, true)) {
            list.add(item);
          }
          return Collections.unmodifiableList(list);
        }
        case 5 -> {
          Map<Object, Object> map = new LinkedHashMap<>();
          while (true) {
            int at = pos;
            Object key = item(depth + 1, true);
            if (key == BREAK) {
              return Collections.unmodifiableMap(map);
            }
            put(map, key, item(depth + 1, false), at);
          }
        }
        default -> throw error(start, "major type " + major + " cannot have an indefinite length");
      }
    }

    private void put(Map<Object, Object> map, Object key, Object value, int at) {
      if (!(key instanceof String || key instanceof Long || key instanceof BigInteger)) {
        throw error(at, "a map key that is neither text nor an integer");
      }
      if (map.putIfAbsent(key, value) != null) {
        throw error(at, "a map has the key " + key + " twice");
      }
    }

    private Object simple(int info, int start) {
      return switch (info) {
        case 20 -> Boolean.FALSE;
        case 21 -> Boolean.TRUE;
        case 22, 23 -> null;
        case 25 -> (double) Float.float16ToFloat((short) argument(25, start));
        case 26 -> (double) Float.intBitsToFloat((int) argument(26, start));
        case 27 -> Double.longBitsToDouble(argument(27, start));
        default -> throw error(start, "unsupported simple value " + info);
      };
    }

    private static BigInteger unsigned(long arg) {
      return new BigInteger(Long.toUnsignedString(arg));
    }

    private byte[] bytes(int n) {
      byte[] out = new byte[n];
      System.arraycopy(data, pos, out, 0, n);
      pos += n;
      return out;
    }

    private String text(int n, int start) {
      try {
        String s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(data, pos, n))
                .toString();
        pos += n;
        return s;
      } catch (CharacterCodingException e) {
        throw error(start, "a text string is not valid UTF-8");
      }
    }
  }
}
