package dev.atelier.chain;

import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.crypto.Hash;

/**
 * One token of an {@code AtelierCollectionV2} batch: its metadata digest (the SHA-256 of its
 * metadata JSON bytes, which is also its token id) and its provenance as version 1's ERC-7007 data
 * ({@link ProvenanceProof}'s {@code aigcData} and the creator's 65-byte EIP-712 signature).
 *
 * <p>The arrays are copied in and out; {@code equals} compares array identity, not content.
 *
 * @param metadataDigest 32 bytes
 * @param aigcData the ABI-encoded {@code Provenance} struct
 * @param signature the creator's provenance signature, 65 bytes {@code r ‖ s ‖ v}
 */
public record BatchToken(byte[] metadataDigest, byte[] aigcData, byte[] signature) {

  public BatchToken {
    if (metadataDigest.length != 32) {
      throw new IllegalArgumentException(
          "A metadata digest (SHA-256) has 32 bytes, not " + metadataDigest.length);
    }
    if (signature.length != 65) {
      throw new IllegalArgumentException(
          "A provenance signature has 65 bytes (r, s, v), not " + signature.length);
    }
    if (aigcData.length == 0) {
      throw new IllegalArgumentException("The provenance data (aigcData) is empty");
    }
    metadataDigest = metadataDigest.clone();
    aigcData = aigcData.clone();
    signature = signature.clone();
  }

  /** The token id: the metadata digest read as an unsigned 256-bit number. */
  public BigInteger tokenId() {
    return new BigInteger(1, metadataDigest);
  }

  /**
   * {@code keccak256(abi.encode(keccak256(aigcData), keccak256(signature)))}: what the batch
   * carries of the token's provenance.
   */
  public byte[] provenanceHash() {
    return Hash.sha3(concat(Hash.sha3(aigcData), Hash.sha3(signature)));
  }

  /** The token's Merkle leaf, as {@link BatchTree#leaf}. */
  public byte[] leaf() {
    return BatchTree.leaf(metadataDigest, provenanceHash());
  }

  @Override
  public byte[] metadataDigest() {
    return metadataDigest.clone();
  }

  @Override
  public byte[] aigcData() {
    return aigcData.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
