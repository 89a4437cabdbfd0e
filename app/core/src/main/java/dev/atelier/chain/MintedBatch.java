package dev.atelier.chain;

/**
 * A {@code BatchMinted} event.
 *
 * @param root the batch's Merkle root, hex without prefix
 */
public record MintedBatch(long batchIndex, String to, String root, int count, int licenseIndex) {}
