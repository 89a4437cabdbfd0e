package dev.atelier.catalog;

import java.time.Instant;

/**
 * One image as the catalog lists it: the asset with its generation's prompt and model, its newest
 * license and its confirmed token.
 *
 * @param filePath the PNG, or null when the variant was never written
 * @param licenseId license of the newest provenance record, or null when never signed
 * @param signed whether that record carries an EIP-712 signature
 * @param tokenId token id of a confirmed mint, or null
 */
public record AssetSummary(
    long id,
    long generationId,
    String filePath,
    String prompt,
    String modelId,
    long seed,
    int width,
    int height,
    Instant createdAt,
    boolean kept,
    String licenseId,
    boolean signed,
    String tokenId) {

  public boolean minted() {
    return tokenId != null;
  }
}
