package dev.atelier.catalog;

import java.time.Instant;

/**
 * An ERC-721 collection contract on one chain. {@code id} is 0 until stored.
 *
 * @param version the contract's version: 1 ({@code AtelierCollection}, a transaction a token) or 2
 *     ({@code AtelierCollectionV2}, batches of tokens whose ids are their metadata digests)
 */
public record CollectionEntry(
    long id,
    long chainId,
    String address,
    String name,
    String symbol,
    String ownerAddress,
    String deployTxHash,
    Instant createdAt,
    int version) {

  public CollectionEntry {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("A collection is version 1 or 2, not " + version);
    }
  }

  /** A version 1 collection. */
  public CollectionEntry(
      long id,
      long chainId,
      String address,
      String name,
      String symbol,
      String ownerAddress,
      String deployTxHash,
      Instant createdAt) {
    this(id, chainId, address, name, symbol, ownerAddress, deployTxHash, createdAt, 1);
  }
}
