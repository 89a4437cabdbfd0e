package dev.atelier.gui.wallet;

import dev.atelier.ethereum.Ether;
import java.math.BigInteger;

/**
 * An account's balance on one network, as shown: the amount, {@value #LOADING} while it is asked
 * for, or {@value #UNKNOWN} with the reason when the network did not answer.
 *
 * @param network the network's name
 * @param amount e.g. "1.25 ETH", {@value #LOADING} or {@value #UNKNOWN}
 * @param problem why the balance is unknown, in plain words; empty when it is known or loading
 */
public record Balance(String network, String amount, String problem) {

  public static final String LOADING = "…";
  public static final String UNKNOWN = "—";

  static Balance loading(String network) {
    return new Balance(network, LOADING, "");
  }

  static Balance unknown(String network, String problem) {
    return new Balance(network, UNKNOWN, problem);
  }

  static Balance of(String network, BigInteger wei) {
    return new Balance(network, Ether.format(wei), "");
  }

  /** True when the network answered. */
  public boolean known() {
    return !LOADING.equals(amount) && !UNKNOWN.equals(amount);
  }
}
