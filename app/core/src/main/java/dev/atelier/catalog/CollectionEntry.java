package dev.atelier.catalog;

import java.time.Instant;

/** An ERC-721 collection contract on one chain. {@code id} is 0 until stored. */
public record CollectionEntry(
    long id,
    long chainId,
    String address,
    String name,
    String symbol,
    String ownerAddress,
    String deployTxHash,
    Instant createdAt) {}
