package dev.atelier.gui.wallet;

import java.util.List;

/**
 * One wallet account as the Wallet screen lists it: public data only.
 *
 * @param label the name the user gave it
 * @param address the public address, {@code 0x…}
 * @param derivationPath HD derivation path, or empty when the key was imported
 * @param unlocked whether its key is unlocked for signing now
 * @param balances its balance on each network that has an RPC URL, in the networks' order
 */
public record WalletRow(
    String label, String address, String derivationPath, boolean unlocked, List<Balance> balances) {

  public WalletRow {
    balances = List.copyOf(balances);
  }

  /** A locked account whose balances are not known yet. */
  public WalletRow(String label, String address, String derivationPath) {
    this(label, address, derivationPath, false, List.of());
  }

  /** How the derivation path is shown: the path, or "Imported key". */
  public String origin() {
    return derivationPath.isEmpty() ? "Imported key" : derivationPath;
  }

  WalletRow withBalances(List<Balance> now) {
    return new WalletRow(label, address, derivationPath, unlocked, now);
  }

  WalletRow withUnlocked(boolean now) {
    return new WalletRow(label, address, derivationPath, now, balances);
  }
}
