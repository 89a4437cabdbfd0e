package dev.atelier.chain;

import static dev.atelier.chain.ChainFixtures.KEY_0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.testing.NodeScript;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The batch Merkle tree: its shape, its proofs, and the same proofs checked by OpenZeppelin's. */
class BatchTreeTest {

  @Test
  void everyProofOfEverySizeFoldsToTheRoot() {
    Random random = new Random(7);
    for (int n = 1; n <= 70; n++) {
      BatchTree tree = BatchTree.ofLeaves(randomLeaves(random, n));
      assertThat(tree.size()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = tree.proof(i);
        assertThat(BatchTree.process(tree.leaf(i), proof))
            .as("n=%d i=%d", n, i)
            .isEqualTo(tree.root());
        assertThat(proof.size()).isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(n - 1));
      }
    }
  }

  @Test
  void oddNodesAreCarriedUpAndPairsAreSorted() {
    List<byte[]> l = randomLeaves(new Random(3), 3);
    BatchTree tree = BatchTree.ofLeaves(l);
    byte[] n01 = BatchTree.node(l.get(0), l.get(1));
    assertThat(tree.root()).isEqualTo(BatchTree.node(n01, l.get(2)));
    assertThat(tree.proof(2)).containsExactly(n01);
    assertThat(BatchTree.node(l.get(0), l.get(1))).isEqualTo(BatchTree.node(l.get(1), l.get(0)));
    byte[] lo = new byte[32];
    byte[] hi = new byte[32];
    hi[0] = (byte) 0x80; // larger as an unsigned number, negative as a signed byte
    assertThat(BatchTree.node(hi, lo)).isEqualTo(Hash.sha3(BatchToken.concat(lo, hi)));

    BatchTree one = BatchTree.ofLeaves(List.of(l.get(0)));
    assertThat(one.root()).isEqualTo(l.get(0));
    assertThat(one.proof(0)).isEmpty();
  }

  @Test
  void aLeafIsTheDoubleKeccakOfDigestAndProvenanceHash() {
    byte[] d = new byte[32];
    byte[] p = new byte[32];
    d[31] = 1;
    p[31] = 2;
    assertThat(BatchTree.leaf(d, p)).isEqualTo(Hash.sha3(Hash.sha3(BatchToken.concat(d, p))));
    assertThatThrownBy(() -> BatchTree.leaf(new byte[31], p))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchTree.ofLeaves(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchTree.ofLeaves(List.of(d)).proof(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void openZeppelinsMerkleTreeChecksEveryJavaProof(@TempDir Path dir) throws IOException {
    try (UnlockedAccount creator = TestAccounts.unlocked(KEY_0)) {
      for (int n : new int[] {1, 2, 3, 7, 50}) {
        List<BatchToken> tokens = V2Fixtures.tokens(V2Fixtures.assets(creator, 31337, 0, n));
        BatchTree tree = BatchTree.of(tokens);
        Path file = dir.resolve("batch-" + n + ".json");
        Files.writeString(file, batchJson(tree, tokens));

        JsonNode checked = NodeScript.merkleCheck().run("proofs", file.toString());
        for (int i = 0; i < n; i++) {
          assertThat(checked.path("valid").get(i).asBoolean()).as("n=%d i=%d", n, i).isTrue();
          assertThat(checked.path("leaves").get(i).asText())
              .isEqualTo(Numeric.toHexString(tree.leaf(i)));
        }
      }
    }
  }

  private static String batchJson(BatchTree tree, List<BatchToken> tokens) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("root", Numeric.toHexString(tree.root()));
    ArrayNode array = root.putArray("tokens");
    for (int i = 0; i < tokens.size(); i++) {
      BatchToken t = tokens.get(i);
      ObjectNode o = array.addObject();
      o.put("digest", Numeric.toHexString(t.metadataDigest()));
      o.put("aigcData", Numeric.toHexString(t.aigcData()));
      o.put("signature", Numeric.toHexString(t.signature()));
      ArrayNode proof = o.putArray("proof");
      tree.proof(i).forEach(p -> proof.add(Numeric.toHexString(p)));
    }
    return root.toString();
  }

  private static List<byte[]> randomLeaves(Random random, int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] leaf = new byte[32];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    return leaves;
  }
}
