package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.hashing.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * CIDs, varints and base32 against the multiformats specifications' own examples, and every way a
 * CID string can be wrong.
 */
class CidTest {

  /** The CIDv1 (raw, sha2-256) of zero bytes: a value any IPFS tool prints for an empty file. */
  static final String EMPTY = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void theEmptyFileHasTheWellKnownCid() {
    Cid cid = Cid.of(new byte[0]);
    assertThat(cid.toString()).isEqualTo(EMPTY);
    assertThat(cid.ipfsUri()).isEqualTo("ipfs://" + EMPTY);
    assertThat(cid.codec()).isEqualTo(Cid.Codec.RAW);
    assertThat(cid.version()).isEqualTo(1);
  }

  @Test
  void binaryFormIsVersionCodecHashLengthDigest() {
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    Cid cid = Cid.of(data);
    assertThat(HEX.formatHex(cid.bytes())).isEqualTo("01551220" + Hashes.sha256Hex(data));
    assertThat(cid.digest()).isEqualTo(Hashes.sha256(data));
    // dag-json's code 0x0129 takes two varint bytes: a9 02.
    assertThat(HEX.formatHex(Cid.of(Cid.Codec.DAG_JSON, data).bytes())).startsWith("01a9021220");
    assertThat(HEX.formatHex(Cid.of(Cid.Codec.JSON, data).bytes())).startsWith("0180041220");
  }

  @Test
  void parseGivesBackTheSameCid() {
    for (Cid.Codec codec : Cid.Codec.values()) {
      Cid cid = Cid.of(codec, new byte[] {1, 2, 3});
      Cid parsed = Cid.parse(cid.toString());
      assertThat(parsed).isEqualTo(cid).hasSameHashCodeAs(cid);
      assertThat(parsed.codec()).isEqualTo(codec);
      assertThat(Cid.fromBytes(cid.bytes())).isEqualTo(cid);
    }
    assertThat(Cid.of(Cid.Codec.JSON, new byte[0])).isNotEqualTo(Cid.of(new byte[0]));
  }

  @Test
  void verifyAcceptsOnlyTheExactBytes() {
    byte[] data = "a signed image".getBytes(StandardCharsets.UTF_8);
    Cid cid = Cid.of(data);
    assertThat(cid.verify(data)).isTrue();
    for (int i = 0; i < data.length; i++) {
      byte[] altered = data.clone();
      altered[i] ^= 1;
      assertThat(cid.verify(altered)).as("byte %d flipped", i).isFalse();
    }
    assertThat(cid.verify(Arrays.copyOf(data, data.length - 1))).isFalse();
    assertThat(cid.verify(Arrays.copyOf(data, data.length + 1))).isFalse();
    assertThat(Cid.parse(cid.toString()).verify(data)).isTrue();
  }

  @Test
  void refusesWrongPrefixes() {
    assertThatThrownBy(() -> Cid.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Cid.parse("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA"))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("Wrong multibase prefix 'z' (base58btc)");
    assertThatThrownBy(() -> Cid.parse(EMPTY.toUpperCase()))
        .hasMessageContaining("Wrong multibase prefix 'B' (base32 upper case)");
    assertThatThrownBy(() -> Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"))
        .hasMessageContaining("is a CIDv0")
        .hasMessageContaining("ipfs cid base32");
  }

  @Test
  void refusesBadBase32() {
    // '1' is not in the alphabet (it looks like 'l'); the position counts the prefix.
    String bad = EMPTY.substring(0, 10) + "1" + EMPTY.substring(11);
    assertThatThrownBy(() -> Cid.parse(bad))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("Bad base32: '1' at position 10");
    assertThatThrownBy(() -> Cid.parse(EMPTY.substring(0, 5) + "A" + EMPTY.substring(6)))
        .hasMessageContaining("'A' at position 5");
    // One character too many leaves bits that belong to no byte.
    assertThatThrownBy(() -> Cid.parse(EMPTY + "a"))
        .hasMessageContaining("ends in the middle of a byte");
    // The last character of the empty CID carries 2 padding bits that must be zero.
    String nonZeroPadding = EMPTY.substring(0, EMPTY.length() - 1) + "v";
    assertThatThrownBy(() -> Cid.parse(nonZeroPadding))
        .hasMessageContaining("ends in the middle of a byte");
  }

  @Test
  void refusesWrongBinaryForms() {
    byte[] digest = Hashes.sha256(new byte[0]);
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0x99, 0x01, 0x12, 0x20), digest))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("Unknown codec 0x99");
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0x55, 0x13, 0x20), digest))
        .hasMessageContaining("Unsupported hash function 0x13")
        .hasMessageContaining("sha2-256");
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0x55, 0x12, 0x14), digest))
        .hasMessageContaining("Hash length mismatch")
        .hasMessageContaining("says 20");
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0x55, 0x12, 0x20), Arrays.copyOf(digest, 31)))
        .hasMessageContaining("Truncated multihash")
        .hasMessageContaining("only 31 follow");
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0x55, 0x12), new byte[0]))
        .hasMessageContaining("Truncated multihash");
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0x55, 0x12, 0x20), Arrays.copyOf(digest, 33)))
        .hasMessageContaining("1 unexpected bytes after the multihash");
    assertThatThrownBy(() -> parseBinary(bytes(0x02, 0x55, 0x12, 0x20), digest))
        .hasMessageContaining("CID version 2 is not supported");
    assertThatThrownBy(() -> parseBinary(bytes(0x12, 0x20), digest)).hasMessageContaining("CIDv0");
    // 0x55 written in two bytes (d5 00) is not minimal.
    assertThatThrownBy(() -> parseBinary(bytes(0x01, 0xd5, 0x00, 0x12, 0x20), digest))
        .hasMessageContaining("not minimally encoded");
    assertThatThrownBy(() -> Cid.parse("b")).hasMessageContaining("Truncated varint");
  }

  @Test
  void varintsFollowTheSpecExamples() {
    long[] values = {0, 1, 127, 128, 255, 300, 16384, Long.MAX_VALUE};
    String[] encodings = {"00", "01", "7f", "8001", "ff01", "ac02", "808001", "ffffffffffffffff7f"};
    for (int i = 0; i < values.length; i++) {
      byte[] encoded = Varint.encode(values[i]);
      assertThat(HEX.formatHex(encoded)).as("%d", values[i]).isEqualTo(encodings[i]);
      assertThat(Varint.size(values[i])).isEqualTo(encoded.length);
      Varint.Read read = Varint.read(encoded, 0, encoded.length, "x");
      assertThat(read.value()).isEqualTo(values[i]);
      assertThat(read.next()).isEqualTo(encoded.length);
    }
    byte[] tenBytes = HEX.parseHex("ffffffffffffffffff01");
    assertThatThrownBy(() -> Varint.read(tenBytes, 0, tenBytes.length, "the length"))
        .hasMessageContaining("longer than 9 bytes");
    byte[] open = HEX.parseHex("8080");
    assertThatThrownBy(() -> Varint.read(open, 0, open.length, "the length"))
        .hasMessageContaining("Truncated varint for the length at byte 0");
    assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void base32FollowsRfc4648InLowerCaseWithoutPadding() {
    String[][] vectors = {
      {"", ""},
      {"f", "my"},
      {"fo", "mzxq"},
      {"foo", "mzxw6"},
      {"foob", "mzxw6yq"},
      {"fooba", "mzxw6ytb"},
      {"foobar", "mzxw6ytboi"}
    };
    for (String[] v : vectors) {
      byte[] bytes = v[0].getBytes(StandardCharsets.US_ASCII);
      assertThat(Base32.encode(bytes)).isEqualTo(v[1]);
      assertThat(Base32.decode(v[1], 0)).isEqualTo(bytes);
    }
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** Parses the text form of {@code head ‖ digest}, as a user would give it. */
  private static Cid parseBinary(byte[] head, byte[] digest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    out.writeBytes(digest);
    return Cid.parse("b" + Base32.encode(out.toByteArray()));
  }
}
