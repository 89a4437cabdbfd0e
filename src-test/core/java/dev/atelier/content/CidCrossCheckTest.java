package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.hashing.Hashes;
import dev.atelier.testing.NodeScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atelier's CIDs against multiformats (npm), an independent implementation: the same CIDs for the
 * same bytes, and each side reads the other's strings (tools/js/content-check.mjs).
 */
class CidCrossCheckTest {

  private static final NodeScript NODE = NodeScript.contentCheck();

  @TempDir Path dir;

  /** Empty, one byte, a PNG, 1 MiB of random bytes. */
  static List<byte[]> inputs() {
    byte[] mib = new byte[1 << 20];
    new Random(5).nextBytes(mib);
    return List.of(new byte[0], new byte[] {0x61}, TestPngs.png(3), mib);
  }

  @Test
  void multiformatsComputesTheSameCids() throws Exception {
    List<byte[]> inputs = inputs();
    List<String> args = new ArrayList<>(List.of("85"));
    args.addAll(files(inputs));
    JsonNode node = NODE.run("cid", args.toArray(String[]::new));
    for (int i = 0; i < inputs.size(); i++) {
      assertThat(node.path("cids").get(i).asText())
          .as("input %d (%d bytes)", i, inputs.get(i).length)
          .isEqualTo(Cid.of(inputs.get(i)).toString());
    }
  }

  @Test
  void multiformatsParsesOurCids() {
    List<Cid> ours = new ArrayList<>();
    for (byte[] input : inputs()) {
      ours.add(Cid.of(input));
    }
    ours.add(Cid.of(Cid.Codec.DAG_JSON, new byte[] {1}));
    ours.add(Cid.of(Cid.Codec.JSON, new byte[] {2}));
    JsonNode node = NODE.run("parse", ours.stream().map(Cid::toString).toArray(String[]::new));
    for (int i = 0; i < ours.size(); i++) {
      Cid cid = ours.get(i);
      JsonNode theirs = node.path("results").get(i);
      assertThat(theirs.has("error")).as(theirs.toString()).isFalse();
      assertThat(theirs.path("version").asInt()).isEqualTo(1);
      assertThat(theirs.path("codec").asInt()).isEqualTo(cid.codec().code());
      assertThat(theirs.path("hash").asInt()).isEqualTo(0x12);
      assertThat(theirs.path("digest").asText()).isEqualTo(Hashes.hex(cid.digest()));
      assertThat(theirs.path("bytes").asText()).isEqualTo(Hashes.hex(cid.bytes()));
      assertThat(theirs.path("string").asText()).isEqualTo(cid.toString());
    }
  }

  @Test
  void weParseMultiformatsCids() throws Exception {
    List<String> files = files(inputs());
    for (Cid.Codec codec : List.of(Cid.Codec.RAW, Cid.Codec.JSON, Cid.Codec.DAG_JSON)) {
      List<String> args = new ArrayList<>(List.of(Integer.toString(codec.code())));
      args.addAll(files);
      JsonNode node = NODE.run("cid", args.toArray(String[]::new));
      for (int i = 0; i < files.size(); i++) {
        Cid parsed = Cid.parse(node.path("cids").get(i).asText());
        byte[] bytes = Files.readAllBytes(Path.of(files.get(i)));
        assertThat(parsed.codec()).isEqualTo(codec);
        assertThat(parsed.verify(bytes)).isTrue();
        assertThat(parsed.toString()).isEqualTo(node.path("cids").get(i).asText());
      }
    }
  }

  @Test
  void whatMultiformatsRefusesWeRefuseToo() {
    String good = Cid.of(new byte[] {7}).toString();
    List<String> bad =
        List.of(
            good.substring(0, good.length() - 10), // digest cut short
            good + "aa", // trailing bits
            good.replace('a', '1')); // not base32
    JsonNode node = NODE.run("parse", bad.toArray(String[]::new));
    for (int i = 0; i < bad.size(); i++) {
      String text = bad.get(i);
      assertThat(node.path("results").get(i).has("error")).as(text).isTrue();
      assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(ContentException.class);
    }
  }

  private List<String> files(List<byte[]> inputs) throws Exception {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Path file = dir.resolve("input-" + i + ".bin");
      Files.write(file, inputs.get(i));
      paths.add(file.toString());
    }
    return paths;
  }
}
