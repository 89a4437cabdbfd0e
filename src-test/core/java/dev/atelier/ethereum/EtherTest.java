package dev.atelier.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The one rule for showing an amount of ether, and reading one. */
class EtherTest {

  private static BigInteger wei(String digits) {
    return new BigInteger(digits);
  }

  @Test
  void zeroAndWholeAmountsHaveNoDecimals() {
    assertThat(Ether.format(BigInteger.ZERO)).isEqualTo("0 ETH");
    assertThat(Ether.format(Ether.of(1))).isEqualTo("1 ETH");
    assertThat(Ether.format(Ether.of(100))).isEqualTo("100 ETH");
    assertThat(Ether.format(Ether.of(10_100))).isEqualTo("10100 ETH");
  }

  @Test
  void fractionsLoseTrailingZeros() {
    assertThat(Ether.format(wei("1250000000000000000"))).isEqualTo("1.25 ETH");
    assertThat(Ether.format(wei("412000000000000"))).isEqualTo("0.000412 ETH");
    assertThat(Ether.format(wei("500000000000000000"))).isEqualTo("0.5 ETH");
  }

  @Test
  void roundsHalfUpAtTheSixthDecimal() {
    // 0.0000004999… ETH is below half a millionth: down; exactly half: up.
    assertThat(Ether.format(wei("1000000499999999999"))).isEqualTo("1 ETH");
    assertThat(Ether.format(wei("1000000500000000000"))).isEqualTo("1.000001 ETH");
    assertThat(Ether.format(wei("412345678901234"))).isEqualTo("0.000412 ETH");
    assertThat(Ether.format(wei("412500000000000"))).isEqualTo("0.000413 ETH");
    assertThat(Ether.format(wei("999999500000000000"))).isEqualTo("1 ETH");
  }

  @Test
  void aTinyAmountIsNeverShownAsZero() {
    assertThat(Ether.format(BigInteger.ONE)).isEqualTo("< 0.000001 ETH");
    assertThat(Ether.format(wei("499999999999"))).isEqualTo("< 0.000001 ETH");
    assertThat(Ether.format(wei("500000000000"))).isEqualTo("0.000001 ETH");
  }

  @Test
  void largeAmountsAreWrittenInFullWithoutExponent() {
    BigInteger huge = Ether.of(Long.MAX_VALUE).add(BigInteger.ONE);
    assertThat(Ether.format(huge)).isEqualTo(Long.MAX_VALUE + " ETH");
    assertThat(Ether.format(BigInteger.TWO.pow(256).subtract(BigInteger.ONE)))
        .isEqualTo("115792089237316195423570985008687907853269984665640564039457.584008 ETH");
  }

  @Test
  void negativeAmountsAreRefused() {
    assertThatThrownBy(() -> Ether.format(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void etherIsReadIntoWeiExactly() {
    assertThat(Ether.toWei(new BigDecimal("2.5"))).isEqualTo(wei("2500000000000000000"));
    assertThat(Ether.toWei(new BigDecimal("0.000000000000000001"))).isEqualTo(BigInteger.ONE);
    assertThat(Ether.toWei(new BigDecimal("100"))).isEqualTo(Ether.of(100));
    assertThatThrownBy(() -> Ether.toWei(new BigDecimal("0.0000000000000000001")))
        .isInstanceOf(ArithmeticException.class);
  }
}
