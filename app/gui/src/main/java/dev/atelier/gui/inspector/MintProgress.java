package dev.atelier.gui.inspector;

import dev.atelier.catalog.MintJob;

/**
 * One asset's mint as the mint panel lists it.
 *
 * @param assetId the asset
 * @param state its job's state; null before the job is written
 * @param tokenId the token, once confirmed
 * @param detail in words: the transaction, the token and its on-chain check, or why it failed
 */
public record MintProgress(long assetId, MintJob.State state, String tokenId, String detail) {}
