package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CARv1 files written and read back, and every kind of damage the reader must catch. */
class CarTest {

  private static final Block IMAGE = Block.of("not really a png".getBytes(StandardCharsets.UTF_8));
  private static final Block METADATA =
      Block.of("{\"image\":\"ipfs://...\"}".getBytes(StandardCharsets.UTF_8));

  @Test
  void roundTrip() {
    byte[] car = CarWriter.write(List.of(METADATA.cid()), List.of(IMAGE, METADATA));
    CarReader.Car read = CarReader.read(car);
    assertThat(read.roots()).containsExactly(METADATA.cid());
    assertThat(read.blocks()).containsExactly(IMAGE, METADATA);
    assertThat(read.blocks().get(0).data()).isEqualTo(IMAGE.data());
    assertThat(read.block(METADATA.cid()).orElseThrow().data()).isEqualTo(METADATA.data());
    assertThat(read.block(Cid.of(new byte[0]))).isEmpty();
  }

  @Test
  void layoutFollowsTheCarV1Spec() {
    byte[] car = CarWriter.write(List.of(IMAGE.cid()), List.of(IMAGE));
    String hex = HexFormat.of().formatHex(car);
    String cid = HexFormat.of().formatHex(IMAGE.cid().bytes());
    // {"roots": [tag 42 (0x00 ‖ cid)], "version": 1} in DAG-CBOR: 58 bytes, hence 0x3a.
    String header =
        "a2" + "65726f6f7473" + "81" + "d82a" + "5825" + "00" + cid + "6776657273696f6e01";
    assertThat(header.length() / 2).isEqualTo(58);
    String block = "34" + cid + HexFormat.of().formatHex(IMAGE.data()); // 36 + 16 = 52 = 0x34
    assertThat(hex).isEqualTo("3a" + header + block);
  }

  @Test
  void manyRootsAndNoRoots() {
    List<Block> blocks = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      blocks.add(Block.of(new byte[] {(byte) i}));
    }
    List<Cid> roots = blocks.stream().map(Block::cid).toList();
    CarReader.Car read = CarReader.read(CarWriter.write(roots, blocks));
    assertThat(read.roots()).isEqualTo(roots);
    assertThat(CarReader.read(CarWriter.write(List.of(), blocks)).roots()).isEmpty();
  }

  @Test
  void aBlockGivenTwiceIsWrittenOnce() {
    byte[] once = CarWriter.write(List.of(IMAGE.cid()), List.of(IMAGE));
    byte[] twice = CarWriter.write(List.of(IMAGE.cid()), List.of(IMAGE, IMAGE));
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void aBlockIsCheckedWhenMade() {
    assertThatThrownBy(() -> new Block(IMAGE.cid(), METADATA.data()))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining("do not hash to that CID");
  }

  @Test
  void tamperedBlockDataIsRefusedNamingTheBlock() {
    byte[] car = CarWriter.write(List.of(METADATA.cid()), List.of(IMAGE, METADATA));
    int metadataData = car.length - METADATA.size();
    int imageData = metadataData - 1 - 36 - IMAGE.size();
    for (int at : new int[] {imageData, imageData + IMAGE.size() - 1}) {
      byte[] altered = car.clone();
      altered[at] ^= 0x01;
      assertThatThrownBy(() -> CarReader.read(altered))
          .isInstanceOf(ContentException.class)
          .hasMessageContaining("Block 0 (" + IMAGE.cid())
          .hasMessageContaining("does not match its CID");
    }
    byte[] altered = car.clone();
    altered[car.length - 1] ^= 0x40;
    assertThatThrownBy(() -> CarReader.read(altered))
        .hasMessageContaining("Block 1 (" + METADATA.cid())
        .hasMessageContaining("does not match its CID");
  }

  @Test
  void tamperedCidsAreRefused() {
    byte[] car = CarWriter.write(List.of(IMAGE.cid()), List.of(IMAGE));
    int blockCid = 1 + 58 + 1;
    byte[] digest = car.clone();
    digest[blockCid + 10] ^= 0x01; // the block's digest: data no longer matches
    assertThatThrownBy(() -> CarReader.read(digest)).hasMessageContaining("does not match its CID");
    byte[] codec = car.clone();
    codec[blockCid + 1] = 0x33; // unknown codec
    assertThatThrownBy(() -> CarReader.read(codec))
        .hasMessageContaining("Block 0 at byte 59 has a bad CID: Unknown codec 0x33");
    byte[] root = car.clone();
    root[1 + 15] =
        0x13; // the root's hash function (after length, map, key, array, tag, head, 0x00, version,
    // codec)
    assertThatThrownBy(() -> CarReader.read(root))
        .hasMessageContaining("Bad CAR header: root 0: Unsupported hash function 0x13");
  }

  @Test
  void truncatedFilesAreRefused() {
    byte[] car = CarWriter.write(List.of(IMAGE.cid()), List.of(IMAGE));
    assertThatThrownBy(() -> CarReader.read(new byte[0])).hasMessageContaining("it is empty");
    assertThatThrownBy(() -> CarReader.read(Arrays.copyOf(car, 30)))
        .hasMessageContaining("Truncated CAR file: the header announces 58 bytes but only 29");
    assertThatThrownBy(() -> CarReader.read(Arrays.copyOf(car, car.length - 1)))
        .hasMessageContaining("Truncated CAR file: block 0 at byte 59 announces 52 bytes");
    assertThatThrownBy(() -> CarReader.read(Arrays.copyOf(car, 59 + 1 + 20)))
        .hasMessageContaining("Truncated CAR file: block 0");
    // A block cut inside its CID.
    byte[] shortBlock = Arrays.copyOf(car, 59 + 1 + 20);
    shortBlock[59] = 20;
    assertThatThrownBy(() -> CarReader.read(shortBlock))
        .hasMessageContaining("Block 0 at byte 59 has a bad CID: Truncated multihash");
  }

  @Test
  void headersOtherThanCarV1AreRefused() {
    assertThatThrownBy(() -> CarReader.read(withHeader(map("version", 2, "roots", List.of()))))
        .hasMessageContaining("Unsupported CAR version 2 (a CARv2 file)");
    assertThatThrownBy(() -> CarReader.read(withHeader(map("roots", List.of()))))
        .hasMessageContaining("no version");
    assertThatThrownBy(() -> CarReader.read(withHeader(map("version", 1))))
        .hasMessageContaining("roots is missing");
    assertThatThrownBy(
            () -> CarReader.read(withHeader(map("version", 1, "roots", List.of(), "x", 0))))
        .hasMessageContaining("unexpected key \"x\"");
    assertThatThrownBy(() -> CarReader.read(withHeader(map("version", 1, "roots", List.of(5)))))
        .hasMessageContaining("root 0 is not a CID");
    assertThatThrownBy(() -> CarReader.read(new byte[] {2, (byte) 0x9f, (byte) 0xff}))
        .hasMessageContaining("indefinite lengths");
    assertThatThrownBy(() -> CarReader.read(new byte[] {1, (byte) 0x80}))
        .hasMessageContaining("not a CBOR map");
    assertThatThrownBy(() -> CarReader.read(new byte[] {2, (byte) 0xa1, 0x61}))
        .hasMessageContaining("Bad CAR header");
  }

  @Test
  void readsAHeaderWithKeysInAnotherOrder() {
    byte[] car = withHeader(map("version", 1, "roots", List.of(IMAGE.cid())));
    assertThat(CarReader.read(car).roots()).containsExactly(IMAGE.cid());
  }

  private static List<Object> map(Object... entries) {
    return List.of(entries);
  }

  /** A CAR file with just a header: a CBOR map of the given key/value pairs. */
  private static byte[] withHeader(List<Object> entries) {
    ByteArrayOutputStream cbor = new ByteArrayOutputStream();
    CarWriter.head(cbor, 5, entries.size() / 2);
    for (Object item : entries) {
      encode(cbor, item);
    }
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    car.writeBytes(Varint.encode(cbor.size()));
    car.writeBytes(cbor.toByteArray());
    return car.toByteArray();
  }

  private static void encode(ByteArrayOutputStream cbor, Object item) {
    switch (item) {
      case Integer n -> CarWriter.head(cbor, 0, n);
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        CarWriter.head(cbor, 3, utf8.length);
        cbor.writeBytes(utf8);
      }
      case List<?> list -> {
        CarWriter.head(cbor, 4, list.size());
        list.forEach(i -> encode(cbor, i));
      }
      case Cid cid -> {
        CarWriter.head(cbor, 6, 42);
        CarWriter.head(cbor, 2, cid.bytes().length + 1);
        cbor.write(0);
        cbor.writeBytes(cid.bytes());
      }
      default -> throw new IllegalArgumentException(item.toString());
    }
  }
}
