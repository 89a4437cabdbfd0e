package dev.atelier.c2pa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * JUMBF boxes (ISO/IEC 19566-5) as C2PA uses them: superboxes ({@code jumb}) that start with a
 * description box ({@code jumd}: content-type UUID, toggles, label, optional salt) and hold content
 * boxes ({@code cbor}, {@code json}) or further superboxes.
 *
 * <p>Every box is {@code LBox} (4 bytes, big-endian, the whole box's size), {@code TBox} (4 ASCII
 * characters) and a payload; {@code LBox = 1} puts a 64-bit size after the type, {@code LBox = 0}
 * runs to the end of the enclosing box.
 */
final class Jumbf {

  /** Description-box toggles: requestable, label present, salt ("private") box present. */
  static final int REQUESTABLE = 0x01;

  static final int HAS_LABEL = 0x02;
  static final int HAS_ID = 0x04;
  static final int HAS_SIGNATURE = 0x08;
  static final int HAS_PRIVATE = 0x10;

  private static final byte[] UUID_SUFFIX = HexFormat.of().parseHex("00110010800000AA00389B71");

  /** C2PA content types: four characters followed by the ISO suffix 0011-0010-8000-00AA00389B71. */
  static final byte[] MANIFEST_STORE = uuid("c2pa");

  static final byte[] MANIFEST = uuid("c2ma");
  static final byte[] UPDATE_MANIFEST = uuid("c2um");
  static final byte[] ASSERTION_STORE = uuid("c2as");
  static final byte[] CLAIM = uuid("c2cl");
  static final byte[] CLAIM_SIGNATURE = uuid("c2cs");
  static final byte[] CBOR = uuid("cbor");
  static final byte[] JSON = uuid("json");

  private Jumbf() {}

  static byte[] uuid(String fourCc) {
    byte[] out = new byte[16];
    System.arraycopy(fourCc.getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
    System.arraycopy(UUID_SUFFIX, 0, out, 4, 12);
    return out;
  }

  /** A content box as read: its type and payload. */
  record Box(String type, byte[] payload) {}

  /**
   * A superbox as read. {@code payload} is the superbox's content as stored (description box and
   * every child, without the superbox's own header): what a C2PA hashed URI hashes.
   */
  record SuperBox(
      byte[] uuid,
      int toggles,
      String label,
      byte[] salt,
      List<SuperBox> superBoxes,
      List<Box> contentBoxes,
      byte[] payload) {

    boolean is(byte[] type) {
      return Arrays.equals(uuid, type);
    }

    /** The content type's four characters when it is a C2PA type, else the UUID in hex. */
    String typeName() {
      return Arrays.equals(Arrays.copyOfRange(uuid, 4, 16), UUID_SUFFIX)
          ? new String(uuid, 0, 4, StandardCharsets.ISO_8859_1)
          : HexFormat.of().formatHex(uuid);
    }

    List<SuperBox> ofType(byte[] type) {
      return superBoxes.stream().filter(b -> b.is(type)).toList();
    }

    /** The only child superbox of {@code type}, or a {@link C2paException} naming {@code what}. */
    SuperBox single(byte[] type, String what) {
      List<SuperBox> found = ofType(type);
      if (found.size() != 1) {
        throw new C2paException(
            "Manifest "
                + label
                + (found.isEmpty() ? " has no " : " has " + found.size() + " ")
                + what
                + (found.isEmpty() ? "" : " boxes; C2PA allows one"));
      }
      return found.getFirst();
    }

    /** The payload of the first content box of {@code type}, or a {@link C2paException}. */
    byte[] content(String type) {
      return contentBoxes.stream()
          .filter(b -> b.type().equals(type))
          .findFirst()
          .orElseThrow(
              () -> new C2paException("JUMBF box " + label + " has no '" + type + "' content box"))
          .payload();
    }
  }

  // ---- writing

  /** A box of {@code type} around {@code payload}. */
  static byte[] box(String type, byte[] payload) {
    int size = 8 + payload.length;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(size).put(type.getBytes(StandardCharsets.US_ASCII)).put(payload);
    return b.array();
  }

  /** The payload of a description box: requestable, labelled, salted when {@code salt != null}. */
  static byte[] description(byte[] uuid, String label, byte[] salt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(uuid);
    out.write(REQUESTABLE | HAS_LABEL | (salt != null ? HAS_PRIVATE : 0));
    out.writeBytes(label.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    if (salt != null) {
      out.writeBytes(box("c2sh", salt));
    }
    return out.toByteArray();
  }

  /** The payload of a superbox: its description box, then {@code children} (whole boxes). */
  static byte[] superBoxPayload(byte[] uuid, String label, byte[] salt, byte[]... children) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(box("jumd", description(uuid, label, salt)));
    for (byte[] child : children) {
      out.writeBytes(child);
    }
    return out.toByteArray();
  }

  static byte[] superBox(byte[] uuid, String label, byte[] salt, byte[]... children) {
    return box("jumb", superBoxPayload(uuid, label, salt, children));
  }

  // ---- reading

  /**
   * Reads {@code data}, which must be exactly one superbox.
   *
   * @throws C2paException naming the offset of the first damaged box
   */
  static SuperBox parse(byte[] data) {
    Parser p = new Parser(data);
    List<int[]> boxes = p.boxes(0, data.length);
    if (boxes.size() != 1 || !p.type(boxes.getFirst()).equals("jumb")) {
      throw new C2paException(
          "The C2PA manifest store is not one JUMBF superbox (found "
              + boxes.size()
              + " boxes, the first of type '"
              + (boxes.isEmpty() ? "" : p.type(boxes.getFirst()))
              + "')");
    }
    return p.superBox(boxes.getFirst(), 0);
  }

  private static final class Parser {
    private static final int MAX_DEPTH = 16;
    private final byte[] data;

    Parser(byte[] data) {
      this.data = data;
    }

    private C2paException error(int at, String detail) {
      return new C2paException(
          "Malformed JUMBF in the C2PA manifest store at byte " + at + ": " + detail);
    }

    /** The boxes in {@code [start, end)}, each as {start, payloadStart, end}. */
    List<int[]> boxes(int start, int end) {
      List<int[]> out = new ArrayList<>();
      int p = start;
      while (p < end) {
        if (end - p < 8) {
          throw error(p, "a box header needs 8 bytes, only " + (end - p) + " are left");
        }
        long size = readU32(p);
        int headerSize = 8;
        if (size == 1) {
          if (end - p < 16) {
            throw error(p, "a box with a 64-bit size is cut short");
          }
          size = readU32(p + 8) << 32 | readU32(p + 12);
          headerSize = 16;
        } else if (size == 0) {
          size = end - p;
        }
        if (size < headerSize || size > end - p) {
          throw error(
              p,
              "a box of type '"
                  + typeAt(p)
                  + "' claims "
                  + size
                  + " bytes but "
                  + (size < headerSize
                      ? "its header alone takes " + headerSize
                      : (end - p) + " are left"));
        }
        out.add(new int[] {p, p + headerSize, p + (int) size});
        p += (int) size;
      }
      return out;
    }

    String type(int[] box) {
      return typeAt(box[0]);
    }

    private String typeAt(int p) {
      return new String(data, p + 4, 4, StandardCharsets.ISO_8859_1);
    }

    SuperBox superBox(int[] box, int depth) {
      if (depth > MAX_DEPTH) {
        throw error(box[0], "superboxes nested deeper than " + MAX_DEPTH + " levels");
      }
      List<int[]> children = boxes(box[1], box[2]);
      if (children.isEmpty() || !type(children.getFirst()).equals("jumd")) {
        throw error(box[0], "a superbox does not start with a description box (jumd)");
      }
      int[] d = children.getFirst();
      int p = d[1];
      int end = d[2];
      if (end - p < 17) {
        throw error(d[0], "a description box is shorter than its UUID and toggles");
      }
      byte[] uuid = Arrays.copyOfRange(data, p, p + 16);
      int toggles = data[p + 16] & 0xff;
      p += 17;
      String label = "";
      if ((toggles & HAS_LABEL) != 0) {
        int nul = p;
        while (nul < end && data[nul] != 0) {
          nul++;
        }
        if (nul == end) {
          throw error(d[0], "a description box label has no terminating NUL");
        }
        label = utf8(p, nul - p, d[0]);
        p = nul + 1;
      }
      if ((toggles & HAS_ID) != 0) {
        p += 4;
      }
      if ((toggles & HAS_SIGNATURE) != 0) {
        p += 32;
      }
      if (p > end) {
        throw error(d[0], "description box " + label + " is shorter than its toggles say");
      }
      byte[] salt = null;
      if ((toggles & HAS_PRIVATE) != 0) {
        List<int[]> priv = boxes(p, end);
        if (priv.size() != 1) {
          throw error(d[0], "description box " + label + " should hold one private box");
        }
        if (type(priv.getFirst()).equals("c2sh")) {
          salt = Arrays.copyOfRange(data, priv.getFirst()[1], priv.getFirst()[2]);
        }
      } else if (p != end) {
        throw error(d[0], "description box " + label + " has " + (end - p) + " stray bytes");
      }
      List<SuperBox> superBoxes = new ArrayList<>();
      List<Box> contentBoxes = new ArrayList<>();
      for (int[] child : children.subList(1, children.size())) {
        if (type(child).equals("jumb")) {
          superBoxes.add(superBox(child, depth + 1));
        } else {
          contentBoxes.add(new Box(type(child), Arrays.copyOfRange(data, child[1], child[2])));
        }
      }
      return new SuperBox(
          uuid,
          toggles,
          label,
          salt,
          List.copyOf(superBoxes),
          List.copyOf(contentBoxes),
          Arrays.copyOfRange(data, box[1], box[2]));
    }

    private long readU32(int p) {
      return (data[p] & 0xffL) << 24
          | (data[p + 1] & 0xffL) << 16
          | (data[p + 2] & 0xffL) << 8
          | (data[p + 3] & 0xffL);
    }

    private String utf8(int p, int n, int at) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(data, p, n))
            .toString();
      } catch (CharacterCodingException e) {
        throw error(at, "a box label is not valid UTF-8");
      }
    }
  }
}
