package dev.atelier.chain;

import java.util.List;

/**
 * A batch ready to send: its tokens, license, tree and the owner's signature.
 *
 * @param to who receives the tokens (EIP-55)
 * @param termsSha256 the SHA-256 of the license terms, hex
 */
public record SignedBatch(
    String to,
    List<BatchToken> tokens,
    String licenseId,
    String termsSha256,
    BatchTree tree,
    byte[] signature) {

  public SignedBatch {
    tokens = List.copyOf(tokens);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The ERC-7007 arguments that prove token {@code i} of this batch (see {@link
   * CollectionContractV2#proofOf}).
   */
  public ProvenanceProof proof(int i, byte[] prompt) {
    return CollectionContractV2.proofOf(prompt, tokens.get(i), tree.proof(i));
  }
}
