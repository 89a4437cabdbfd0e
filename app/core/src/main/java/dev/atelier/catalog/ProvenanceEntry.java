package dev.atelier.catalog;

import java.time.Instant;

/**
 * A signed provenance record of an asset: the canonical JSON, its hash, and the two signatures
 * (EIP-712 by the wallet for {@code chainId}, hash of the embedded C2PA manifest store), with the
 * hash of the signed file. {@code id} is 0 until stored; {@code chainId} and {@code
 * signedFileSha256} are null in rows written before they were recorded.
 */
public record ProvenanceEntry(
    long id,
    long assetId,
    String recordJson,
    String recordSha256,
    String creatorAddress,
    String licenseId,
    String eip712Signature,
    String c2paManifestSha256,
    Instant createdAt,
    Long chainId,
    String signedFileSha256) {}
