package dev.atelier.catalog;

import java.time.Instant;

/**
 * A variant of a generation; once the artist keeps it ({@code kept}) it is an asset with a file.
 * {@code id} is 0 until stored.
 */
public record Asset(
    long id,
    long generationId,
    int variantIndex,
    long seed,
    int width,
    int height,
    String pixelSha256,
    String filePath,
    String fileSha256,
    boolean kept,
    Long parentAssetId,
    Instant createdAt) {

  public Asset withId(long newId) {
    return new Asset(
        newId,
        generationId,
        variantIndex,
        seed,
        width,
        height,
        pixelSha256,
        filePath,
        fileSha256,
        kept,
        parentAssetId,
        createdAt);
  }
}
