package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testing.NodeScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CAR files against {@code @ipld/car} (npm), an independent CARv1 implementation: it reads ours
 * (roots, every block's CID and bytes, each block's hash recomputed by the script), we read one its
 * CarWriter wrote, and both write the very same bytes for the same roots and blocks.
 */
class CarCrossCheckTest {

  private static final NodeScript NODE = NodeScript.contentCheck();

  @TempDir Path dir;

  /** Empty, one byte, a PNG, 1 MiB: the same inputs as the CID cross-check. */
  private static List<Block> blocks() {
    return CidCrossCheckTest.inputs().stream().map(Block::of).toList();
  }

  @Test
  void ipldCarReadsOurCar() throws Exception {
    List<Block> blocks = blocks();
    List<Cid> roots = List.of(blocks.get(2).cid(), blocks.get(1).cid());
    Path car = dir.resolve("ours.car");
    Files.write(car, CarWriter.write(roots, blocks));

    JsonNode node = NODE.run("read-car", car.toString());
    assertThat(node.path("version").asInt()).isEqualTo(1);
    assertThat(texts(node.path("roots"))).containsExactlyElementsOf(strings(roots));
    assertThat(node.path("blocks")).hasSize(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      JsonNode theirs = node.path("blocks").get(i);
      assertThat(theirs.path("cid").asText()).isEqualTo(blocks.get(i).cid().toString());
      assertThat(theirs.path("codec").asInt()).isEqualTo(0x55);
      assertThat(theirs.path("verified").asBoolean()).as("block %d hash", i).isTrue();
      assertThat(Base64.getDecoder().decode(theirs.path("base64").asText()))
          .isEqualTo(blocks.get(i).data());
    }
  }

  @Test
  void weReadACarWrittenByIpldCar() throws Exception {
    List<Block> blocks = blocks();
    Path car = dir.resolve("theirs.car");
    JsonNode written = NODE.run("write-car", args(car, 2, blocks));

    CarReader.Car read = CarReader.read(car);
    assertThat(strings(read.roots())).containsExactlyElementsOf(texts(written.path("roots")));
    assertThat(read.roots()).containsExactly(blocks.get(0).cid(), blocks.get(1).cid());
    assertThat(read.blocks()).hasSize(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      assertThat(read.blocks().get(i).cid()).isEqualTo(blocks.get(i).cid());
      assertThat(read.blocks().get(i).data()).isEqualTo(blocks.get(i).data());
    }
    // The same roots and blocks: byte for byte the file @ipld/car wrote.
    assertThat(CarWriter.write(read.roots(), blocks)).isEqualTo(Files.readAllBytes(car));
  }

  @Test
  void aFlippedByteInTheirCarIsCaughtByOurReader() throws Exception {
    List<Block> blocks = blocks();
    Path car = dir.resolve("theirs.car");
    NODE.run("write-car", args(car, 1, blocks));
    byte[] bytes = Files.readAllBytes(car);
    bytes[bytes.length - 1000] ^= 0x01; // inside the last (1 MiB) block's data
    Path tampered = dir.resolve("tampered.car");
    Files.write(tampered, bytes);

    assertThatThrownBy(() -> CarReader.read(tampered))
        .isInstanceOf(ContentException.class)
        .hasMessageContaining(tampered.toString())
        .hasMessageContaining("Block 3 (" + blocks.get(3).cid())
        .hasMessageContaining("does not match its CID");
    // @ipld/car itself reads it without complaint; only the hash check finds the damage.
    JsonNode node = NODE.run("read-car", tampered.toString());
    assertThat(node.path("blocks").get(3).path("verified").asBoolean()).isFalse();
    assertThat(node.path("blocks").get(2).path("verified").asBoolean()).isTrue();
  }

  private String[] args(Path car, int roots, List<Block> blocks) throws Exception {
    List<String> args = new ArrayList<>(List.of(car.toString(), Integer.toString(roots)));
    for (int i = 0; i < blocks.size(); i++) {
      Path file = dir.resolve("block-" + i + ".bin");
      Files.write(file, blocks.get(i).data());
      args.add(file.toString());
    }
    return args.toArray(String[]::new);
  }

  private static List<String> strings(List<Cid> cids) {
    return cids.stream().map(Cid::toString).toList();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
