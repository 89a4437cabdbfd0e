package dev.atelier.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * The Merkle tree of an {@code AtelierCollectionV2} batch, built exactly as the contract builds it,
 * and the proofs of its leaves.
 *
 * <p>A leaf is {@code keccak256(bytes.concat(keccak256(abi.encode(digest, provenanceHash))))}
 * (hashed twice, so no inner node can pass for a leaf). Level by level, from the leaves in batch
 * order: nodes {@code 2i} and {@code 2i+1} make node {@code i} of the next level as {@code
 * keccak256} of the pair sorted as unsigned numbers (what OpenZeppelin's {@code MerkleProof}
 * expects), and an odd last node is carried up unchanged. A proof lists, from the leaf up, the
 * sibling at each level where there is one.
 */
public final class BatchTree {

  private final List<byte[]> leaves;
  private final List<List<byte[]>> levels;

  private BatchTree(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("A batch has at least one token");
    }
    this.leaves = leaves.stream().map(byte[]::clone).toList();
    this.levels = build(this.leaves);
  }

  /** The tree of some tokens, in batch order. */
  public static BatchTree of(List<BatchToken> tokens) {
    return new BatchTree(tokens.stream().map(BatchToken::leaf).toList());
  }

  /** The tree of some leaves (32 bytes each), in batch order. */
  public static BatchTree ofLeaves(List<byte[]> leaves) {
    for (byte[] leaf : leaves) {
      checkWord(leaf, "A leaf");
    }
    return new BatchTree(leaves);
  }

  /** The leaf of a token: {@code keccak256(keccak256(digest ‖ provenanceHash))}. */
  public static byte[] leaf(byte[] metadataDigest, byte[] provenanceHash) {
    checkWord(metadataDigest, "A metadata digest");
    checkWord(provenanceHash, "A provenance hash");
    return Hash.sha3(Hash.sha3(BatchToken.concat(metadataDigest, provenanceHash)));
  }

  /** The inner node over two nodes: keccak256 of the pair, the smaller first. */
  public static byte[] node(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b) < 0
        ? Hash.sha3(BatchToken.concat(a, b))
        : Hash.sha3(BatchToken.concat(b, a));
  }

  /** Folds a proof into a root from a leaf, as OpenZeppelin's {@code MerkleProof.processProof}. */
  public static byte[] process(byte[] leaf, List<byte[]> proof) {
    byte[] hash = leaf.clone();
    for (byte[] sibling : proof) {
      hash = node(hash, sibling);
    }
    return hash;
  }

  /** How many leaves. */
  public int size() {
    return leaves.size();
  }

  /** Leaf {@code i}. */
  public byte[] leaf(int i) {
    return leaves.get(i).clone();
  }

  /** The root the contract stores for the batch. */
  public byte[] root() {
    return levels.getLast().getFirst().clone();
  }

  /** The proof of leaf {@code i}: siblings from the leaf's level up. */
  public List<byte[]> proof(int i) {
    if (i < 0 || i >= leaves.size()) {
      throw new IndexOutOfBoundsException("Leaf " + i + " of a batch of " + leaves.size());
    }
    List<byte[]> proof = new ArrayList<>();
    int index = i;
    for (List<byte[]> level : levels.subList(0, levels.size() - 1)) {
      int sibling = index ^ 1;
      if (sibling < level.size()) {
        proof.add(level.get(sibling).clone());
      }
      index >>= 1;
    }
    return List.copyOf(proof);
  }

  private static List<List<byte[]>> build(List<byte[]> leaves) {
    List<List<byte[]>> levels = new ArrayList<>();
    List<byte[]> level = leaves;
    levels.add(level);
    while (level.size() > 1) {
      List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(node(level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.getLast());
      }
      level = List.copyOf(next);
      levels.add(level);
    }
    return List.copyOf(levels);
  }

  private static void checkWord(byte[] word, String what) {
    if (word.length != 32) {
      throw new IllegalArgumentException(what + " has 32 bytes, not " + word.length);
    }
  }
}
