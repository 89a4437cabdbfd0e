package dev.atelier.ethereum;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Amounts of ether, the one way Atelier writes and reads them.
 *
 * <p>The rule for showing an amount: ether with at most {@value #SHOWN_DECIMALS} decimals, rounded
 * half up, without trailing zeros, then " ETH" ({@code 100 ETH}, {@code 0.000412 ETH}). An amount
 * above zero too small to show as such reads {@code < 0.000001 ETH}, never {@code 0 ETH}.
 */
public final class Ether {

  /** Wei in one ether. */
  public static final BigInteger WEI_PER_ETHER = BigInteger.TEN.pow(18);

  /** Decimals shown: a millionth of an ether, well below any fee worth reading. */
  public static final int SHOWN_DECIMALS = 6;

  private static final int DECIMALS = 18;
  private static final BigDecimal SMALLEST_SHOWN = BigDecimal.ONE.movePointLeft(SHOWN_DECIMALS);

  private Ether() {}

  /**
   * {@code wei} in ether by the rule above.
   *
   * @throws IllegalArgumentException for a negative amount
   */
  public static String format(BigInteger wei) {
    Objects.requireNonNull(wei, "wei");
    if (wei.signum() < 0) {
      throw new IllegalArgumentException("A negative amount of ether: " + wei + " wei");
    }
    BigDecimal ether = new BigDecimal(wei, DECIMALS).setScale(SHOWN_DECIMALS, RoundingMode.HALF_UP);
    if (ether.signum() == 0) {
      return wei.signum() == 0 ? "0 ETH" : "< " + SMALLEST_SHOWN.toPlainString() + " ETH";
    }
    return ether.stripTrailingZeros().toPlainString() + " ETH";
  }

  /** {@code n} whole ether in wei. */
  public static BigInteger of(long n) {
    return WEI_PER_ETHER.multiply(BigInteger.valueOf(n));
  }

  /**
   * {@code ether} in wei, exactly.
   *
   * @throws ArithmeticException when it has more than 18 decimals (less than one wei)
   */
  public static BigInteger toWei(BigDecimal ether) {
    return ether.movePointRight(DECIMALS).setScale(0, RoundingMode.UNNECESSARY).toBigIntegerExact();
  }
}
