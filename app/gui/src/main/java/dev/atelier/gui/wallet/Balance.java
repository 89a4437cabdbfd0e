package dev.atelier.gui.wallet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

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

  private static final int DECIMALS = 18;
  private static final int SHOWN_DECIMALS = 4;

  static Balance loading(String network) {
    return new Balance(network, LOADING, "");
  }

  static Balance unknown(String network, String problem) {
    return new Balance(network, UNKNOWN, problem);
  }

  static Balance of(String network, BigInteger wei) {
    return new Balance(network, ether(wei), "");
  }

  /** Wei as ether, at most four decimals (rounded down), e.g. "100 ETH" or "0.0012 ETH". */
  static String ether(BigInteger wei) {
    BigDecimal eth = new BigDecimal(wei, DECIMALS).setScale(SHOWN_DECIMALS, RoundingMode.DOWN);
    String text = eth.signum() == 0 ? "0" : eth.stripTrailingZeros().toPlainString();
    if (eth.signum() == 0 && wei.signum() > 0) {
      text = "< 0.0001";
    }
    return text + " ETH";
  }

  /** True when the network answered. */
  public boolean known() {
    return !LOADING.equals(amount) && !UNKNOWN.equals(amount);
  }
}
