package dev.atelier.catalog;

import java.time.Instant;

/**
 * Public data of a wallet account. The key itself is only ever in the encrypted keystore file named
 * here.
 */
public record WalletAccount(
    String address, String label, String derivationPath, String keystoreFile, Instant createdAt) {}
