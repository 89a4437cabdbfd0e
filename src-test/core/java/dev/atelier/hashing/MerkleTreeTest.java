package dev.atelier.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  private static byte[] leaf(byte[] hash) throws Exception {
    return sha256(new byte[] {0x00}, hash);
  }

  private static byte[] node(byte[] left, byte[] right) throws Exception {
    return sha256(new byte[] {0x01}, left, right);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Distinct 32-byte leaf hashes: SHA-256 of "item-0", "item-1", ... */
  private static List<byte[]> leaves(int n) throws Exception {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(sha256(("item-" + i).getBytes()));
    }
    return leaves;
  }

  /** RFC 6962 section 2.1 Merkle Tree Hash, split at the largest power of two below n. */
  private static byte[] rfc6962(List<byte[]> entries) throws Exception {
    if (entries.isEmpty()) {
      return sha256();
    }
    if (entries.size() == 1) {
      return leaf(entries.getFirst());
    }
    int k = Integer.highestOneBit(entries.size() - 1);
    return node(rfc6962(entries.subList(0, k)), rfc6962(entries.subList(k, entries.size())));
  }

  @Test
  void emptyTreeIsTheHashOfNothing() {
    assertThat(MerkleTree.rootHex(List.of()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void oneLeafIsTheDomainSeparatedLeafHash() throws Exception {
    List<byte[]> l = leaves(1);
    assertThat(MerkleTree.rootHex(l)).isEqualTo(hex(leaf(l.get(0))));
    assertThat(MerkleTree.rootHex(l)).isNotEqualTo(hex(l.get(0)));
  }

  @Test
  void twoLeavesHashTheirLeafNodesTogether() throws Exception {
    List<byte[]> l = leaves(2);
    assertThat(MerkleTree.rootHex(l)).isEqualTo(hex(node(leaf(l.get(0)), leaf(l.get(1)))));
  }

  @Test
  void threeLeavesPromoteTheOddOneUnchanged() throws Exception {
    List<byte[]> l = leaves(3);
    byte[] expected = node(node(leaf(l.get(0)), leaf(l.get(1))), leaf(l.get(2)));
    assertThat(MerkleTree.rootHex(l)).isEqualTo(hex(expected));
    assertThat(MerkleTree.root(l)).isEqualTo(expected);
  }

  @Test
  void fiveLeavesPromoteAcrossTwoLevels() throws Exception {
    List<byte[]> l = leaves(5);
    byte[] left = node(node(leaf(l.get(0)), leaf(l.get(1))), node(leaf(l.get(2)), leaf(l.get(3))));
    assertThat(MerkleTree.rootHex(l)).isEqualTo(hex(node(left, leaf(l.get(4)))));
  }

  @Test
  void agreesWithRfc6962ForEverySizeUpTo40() throws Exception {
    for (int n = 0; n <= 40; n++) {
      List<byte[]> l = leaves(n);
      assertThat(MerkleTree.rootHex(l)).as("n=%d", n).isEqualTo(hex(rfc6962(l)));
    }
  }

  @Test
  void orderAndContentMatter() throws Exception {
    List<byte[]> l = leaves(4);
    String root = MerkleTree.rootHex(l);
    assertThat(MerkleTree.rootHex(List.of(l.get(1), l.get(0), l.get(2), l.get(3))))
        .isNotEqualTo(root);
    byte[] changed = l.get(3).clone();
    changed[31] ^= 1;
    assertThat(MerkleTree.rootHex(List.of(l.get(0), l.get(1), l.get(2), changed)))
        .isNotEqualTo(root);
  }

  @Test
  void rejectsLeavesThatAreNotSha256Hashes() {
    assertThatThrownBy(() -> MerkleTree.root(List.of(new byte[31])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32-byte");
  }
}
