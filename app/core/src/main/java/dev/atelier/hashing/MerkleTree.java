package dev.atelier.hashing;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle root over a list of 32-byte hashes, so a whole data set can be fingerprinted by one value
 * and any single item proven against it.
 *
 * <p>The root is defined exactly as follows (all hashes are SHA-256):
 *
 * <ul>
 *   <li>Each leaf is a 32-byte hash supplied by the caller (for a data set: the hash of one item),
 *       taken in list order.
 *   <li>Leaf node: {@code SHA-256(0x00 || leafHash)}.
 *   <li>Internal node: {@code SHA-256(0x01 || left || right)}.
 *   <li>Levels are built bottom-up, pairing nodes left to right; when a level has an odd number of
 *       nodes, the last one is promoted unchanged to the next level (it is not hashed again and not
 *       duplicated).
 *   <li>The root is the single node left at the top. The root of an empty list is {@code
 *       SHA-256("")} (the hash of zero bytes).
 * </ul>
 *
 * <p>The 0x00 / 0x01 prefixes separate leaves from internal nodes, as in RFC 6962 (Certificate
 * Transparency); with odd nodes promoted, the result equals RFC 6962's Merkle Tree Hash of the list
 * of leaf hashes treated as entries.
 */
public final class MerkleTree {

  /** Length in bytes of a SHA-256 hash, the only leaf size accepted. */
  public static final int HASH_BYTES = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private MerkleTree() {}

  /**
   * The 32-byte root over {@code leafHashes}, in order.
   *
   * @throws IllegalArgumentException if a leaf is not 32 bytes long
   */
  public static byte[] root(List<byte[]> leafHashes) {
    MessageDigest digest = Hashes.sha256Digest();
    if (leafHashes.isEmpty()) {
      return digest.digest();
    }
    List<byte[]> level = new ArrayList<>(leafHashes.size());
    for (byte[] leaf : leafHashes) {
      if (leaf.length != HASH_BYTES) {
        throw new IllegalArgumentException(
            "Merkle leaves must be " + HASH_BYTES + "-byte hashes, got " + leaf.length + " bytes");
      }
      digest.update(LEAF_PREFIX);
      level.add(digest.digest(leaf));
    }
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        digest.update(NODE_PREFIX);
        digest.update(level.get(i));
        next.add(digest.digest(level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.getLast());
      }
      level = next;
    }
    return level.getFirst();
  }

  /** {@link #root(List)} as 64 lowercase hex digits. */
  public static String rootHex(List<byte[]> leafHashes) {
    return Hashes.hex(root(leafHashes));
  }
}
