package dev.atelier.content;

import dev.atelier.hashing.Hashes;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A content identifier: CID version 1 with a SHA-256 multihash, written in multibase base32
 * (lowercase, prefix {@code b}), as the multiformats specifications define it.
 *
 * <p>Binary form: {@code varint(1) ‖ varint(codec) ‖ varint(0x12) ‖ varint(32) ‖ digest}, every
 * number an unsigned varint ({@link Varint}). Text form: {@code "b" + base32(binary)}.
 *
 * <p>Atelier addresses its files as <b>raw</b> blocks (codec {@code 0x55}): the CID is the SHA-256
 * of the file's bytes exactly. That is what {@code ipfs add --cid-version=1 --raw-leaves} gives for
 * a file that fits in one chunk, what NFT tooling publishes for images and metadata (the {@code
 * bafkrei…} CIDs), and what anyone can recompute with a SHA-256 tool and no IPLD library. JSON
 * metadata is addressed as raw bytes too, not as {@code json}/{@code dag-json}: its canonical (RFC
 * 8785) bytes are what is stored and fetched, and a gateway serves them unchanged.
 *
 * <p>Parsing accepts the codecs in {@link Codec} (so CIDs written by other tools can be read), and
 * only SHA-256 multihashes. Everything else is refused with a {@link ContentException} that says
 * what is wrong.
 */
public final class Cid {

  /** Multicodec code of the sha2-256 multihash. */
  public static final int SHA2_256 = 0x12;

  /** Length of a SHA-256 digest in bytes. */
  public static final int SHA2_256_LENGTH = 32;

  /** The multibase prefix of lowercase base32. */
  public static final char BASE32_PREFIX = 'b';

  /** The content types (multicodecs) a CID may name here. */
  public enum Codec {
    /** Plain bytes: what Atelier uses for every file. */
    RAW(0x55, "raw"),
    /** UnixFS / dag-pb nodes, what {@code ipfs add} makes of files larger than one chunk. */
    DAG_PB(0x70, "dag-pb"),
    /** Deterministic CBOR with links. */
    DAG_CBOR(0x71, "dag-cbor"),
    /** Deterministic JSON with links. */
    DAG_JSON(0x0129, "dag-json"),
    /** Plain JSON. */
    JSON(0x0200, "json");

    private final int code;
    private final String label;

    Codec(int code, String label) {
      this.code = code;
      this.label = label;
    }

    /** The multicodec code. */
    public int code() {
      return code;
    }

    /** The multicodec table's name for it ({@code raw}, {@code dag-json}). */
    public String label() {
      return label;
    }

    static Codec of(long code) {
      for (Codec c : values()) {
        if (c.code == code) {
          return c;
        }
      }
      throw new ContentException(
          "Unknown codec 0x"
              + Long.toHexString(code)
              + " in the CID: this build reads raw (0x55), dag-pb (0x70), dag-cbor (0x71),"
              + " dag-json (0x129) and json (0x200)");
    }
  }

  private final Codec codec;
  private final byte[] digest;

  private Cid(Codec codec, byte[] digest) {
    this.codec = codec;
    this.digest = digest;
  }

  /** The raw CID of {@code data}: SHA-256 of the bytes exactly. */
  public static Cid of(byte[] data) {
    return of(Codec.RAW, data);
  }

  /** The CID of {@code data} under {@code codec} (the bytes must be in that format). */
  public static Cid of(Codec codec, byte[] data) {
    return new Cid(codec, Hashes.sha256(data));
  }

  /** The CID of a SHA-256 {@code digest} (32 bytes) under {@code codec}. */
  public static Cid ofDigest(Codec codec, byte[] digest) {
    if (digest.length != SHA2_256_LENGTH) {
      throw new IllegalArgumentException("A SHA-256 digest has 32 bytes, not " + digest.length);
    }
    return new Cid(codec, digest.clone());
  }

  /**
   * Reads a CID in its text form ({@code bafkrei…}).
   *
   * @throws ContentException when the text is empty, has another multibase prefix (or is a CIDv0),
   *     is not valid base32, or its binary form is wrong: see {@link #fromBytes}
   */
  public static Cid parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new ContentException("Not a CID: the text is empty");
    }
    if (text.length() == 46 && text.startsWith("Qm")) {
      throw new ContentException(
          "\""
              + text
              + "\" is a CIDv0 (base58btc): Atelier reads CIDv1 in base32 (b…);"
              + " convert it with: ipfs cid base32 "
              + text);
    }
    char prefix = text.charAt(0);
    if (prefix != BASE32_PREFIX) {
      throw new ContentException(
          "Wrong multibase prefix '"
              + prefix
              + "'"
              + baseName(prefix)
              + " in \""
              + shorten(text)
              + "\": Atelier's CIDs are lowercase base32, starting with 'b'");
    }
    byte[] bytes;
    try {
      bytes = Base32.decode(text.substring(1), 1);
    } catch (ContentException e) {
      throw new ContentException("Not a CID: \"" + shorten(text) + "\": " + e.getMessage(), e);
    }
    try {
      return fromBytes(bytes);
    } catch (ContentException e) {
      throw new ContentException(
          "Not a valid CID: \"" + shorten(text) + "\": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a CID in its binary form, all of {@code bytes}.
   *
   * @throws ContentException for a version other than 1, an unknown codec, a hash other than
   *     SHA-256, a digest length other than 32, a truncated multihash or bytes after it
   */
  public static Cid fromBytes(byte[] bytes) {
    Read read = read(bytes, 0, bytes.length);
    if (read.next() != bytes.length) {
      throw new ContentException(
          (bytes.length - read.next()) + " unexpected bytes after the multihash");
    }
    return read.cid();
  }

  /** A CID read from the middle of some bytes, and the offset just after it. */
  record Read(Cid cid, int next) {}

  /** Reads one binary CID at {@code offset}, no further than {@code end}. */
  static Read read(byte[] bytes, int offset, int end) {
    if (end - offset >= 2 && bytes[offset] == SHA2_256 && bytes[offset + 1] == SHA2_256_LENGTH) {
      throw new ContentException("A CIDv0 (a bare sha2-256 multihash): only CIDv1 is supported");
    }
    Varint.Read version = Varint.read(bytes, offset, end, "the CID version");
    if (version.value() != 1) {
      throw new ContentException(
          "CID version " + version.value() + " is not supported (only version 1)");
    }
    Varint.Read codec = Varint.read(bytes, version.next(), end, "the codec");
    Codec c = Codec.of(codec.value());
    Varint.Read hash;
    Varint.Read length;
    try {
      hash = Varint.read(bytes, codec.next(), end, "the hash function");
      length = Varint.read(bytes, hash.next(), end, "the digest length");
    } catch (ContentException e) {
      throw new ContentException("Truncated multihash: " + e.getMessage(), e);
    }
    if (hash.value() != SHA2_256) {
      throw new ContentException(
          "Unsupported hash function 0x"
              + Long.toHexString(hash.value())
              + " in the multihash: only sha2-256 (0x12) is supported");
    }
    if (length.value() != SHA2_256_LENGTH) {
      throw new ContentException(
          "Hash length mismatch: the multihash says "
              + length.value()
              + " digest bytes, but a sha2-256 digest has 32");
    }
    int available = end - length.next();
    if (available < SHA2_256_LENGTH) {
      throw new ContentException(
          "Truncated multihash: it announces 32 digest bytes but only " + available + " follow");
    }
    byte[] digest = Arrays.copyOfRange(bytes, length.next(), length.next() + SHA2_256_LENGTH);
    return new Read(new Cid(c, digest), length.next() + SHA2_256_LENGTH);
  }

  /** Always 1. */
  public int version() {
    return 1;
  }

  /** What kind of content the CID names. */
  public Codec codec() {
    return codec;
  }

  /** The SHA-256 digest (a copy). */
  public byte[] digest() {
    return digest.clone();
  }

  /** The binary form. */
  public byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(36);
    Varint.write(1, out);
    Varint.write(codec.code(), out);
    Varint.write(SHA2_256, out);
    Varint.write(SHA2_256_LENGTH, out);
    out.writeBytes(digest);
    return out.toByteArray();
  }

  /** Whether {@code data} is the content this CID names: its SHA-256 equals the digest. */
  public boolean verify(byte[] data) {
    return MessageDigest.isEqual(digest, Hashes.sha256(data));
  }

  /** The {@code ipfs://} URI of the content. */
  public String ipfsUri() {
    return "ipfs://" + this;
  }

  /** The text form: {@code b} and the binary form in lowercase base32. */
  @Override
  public String toString() {
    return BASE32_PREFIX + Base32.encode(bytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid other && codec == other.codec && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return 31 * codec.hashCode() + Arrays.hashCode(digest);
  }

  private static String baseName(char prefix) {
    String name =
        switch (prefix) {
          case 'z' -> "base58btc";
          case 'B' -> "base32 upper case";
          case 'f' -> "base16";
          case 'F' -> "base16 upper case";
          case 'k' -> "base36";
          case 'm' -> "base64";
          case 'u' -> "base64url";
          default -> null;
        };
    return name == null ? "" : " (" + name + ")";
  }

  private static String shorten(String text) {
    String t = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    return t.replaceAll("\\p{Cntrl}", "?");
  }
}
