package dev.atelier.mint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A minted token checked against the chain: what the contract holds for it, compared with the
 * asset's signed record in the catalog.
 *
 * @param tokenId the token
 * @param owner who holds it now
 * @param tokenUri its metadata URI
 * @param licenseId the license the contract recorded
 * @param recordMatches the contract's record hash and pixels hash are the catalog record's (version
 *     2: the token URI the contract rebuilds is the CID of the asset's metadata)
 * @param contractVerifies the contract's own ERC-7007 {@code verify} accepts the stored signature
 *     as the collection owner's EIP-712 signature of the record on this chain
 * @param signatureVerifies Atelier's own EIP-712 check recovers the record's creator from the
 *     signature the contract stored
 */
public record OnChainProvenance(
    BigInteger tokenId,
    String owner,
    String tokenUri,
    String licenseId,
    boolean recordMatches,
    boolean contractVerifies,
    boolean signatureVerifies) {

  /** True when every check passed. */
  public boolean verified() {
    return recordMatches && contractVerifies && signatureVerifies;
  }

  /** The failed checks in words; empty when verified. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (!recordMatches) {
      out.add("the token's record or pixels hash is not the asset's signed record");
    }
    if (!contractVerifies) {
      out.add("the contract does not accept the stored provenance signature");
    }
    if (!signatureVerifies) {
      out.add("the stored signature does not recover to the record's creator");
    }
    return List.copyOf(out);
  }
}
