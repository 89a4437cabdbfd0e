package dev.atelier.chain;

/**
 * The three ERC-7007 arguments ({@code prompt}, {@code aigcData}, {@code proof}) that carry an
 * asset's provenance to an {@code AtelierCollection}:
 *
 * <ul>
 *   <li>{@code aigcData} = {@code abi.encode(bytes32 recordHash, bytes32 pixelsHash, bytes32
 *       weightsHash, address creator, string licenseId, bytes32 termsHash, uint64 timestamp)}: the
 *       fields of the EIP-712 {@code Provenance} struct of {@code ProvenanceSignatures}, in order;
 *   <li>{@code proof} = the creator's 65-byte EIP-712 signature of that struct ({@code r ‖ s ‖ v});
 *   <li>{@code prompt} = the UTF-8 bytes of the record's canonical JSON, whose SHA-256 is {@code
 *       recordHash} (the contract checks it), or empty to keep the record off-chain.
 * </ul>
 *
 * The arrays are copied in and out; this record's {@code equals} compares array identity, not
 * content. The proof of a provenance record is made where both meet, in {@code
 * dev.atelier.mint.ProvenanceProofs}.
 */
public record ProvenanceProof(byte[] prompt, byte[] aigcData, byte[] proof) {

  public ProvenanceProof {
    prompt = prompt.clone();
    aigcData = aigcData.clone();
    proof = proof.clone();
  }

  /** A copy of the {@code prompt} bytes. */
  @Override
  public byte[] prompt() {
    return prompt.clone();
  }

  /** A copy of the {@code aigcData} bytes. */
  @Override
  public byte[] aigcData() {
    return aigcData.clone();
  }

  /** A copy of the signature bytes. */
  @Override
  public byte[] proof() {
    return proof.clone();
  }
}
