package dev.atelier.gui.wallet;

/**
 * One wallet account as the Wallet screen lists it: public data only.
 *
 * @param label the name the user gave it
 * @param address the public address, {@code 0x…}
 * @param derivationPath HD derivation path, or empty when the key was imported
 */
public record WalletRow(String label, String address, String derivationPath) {}
