package dev.atelier.wallet;

import static dev.atelier.wallet.WalletAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.wallet.WalletException.Reason;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/** EIP-1559 transaction signing by an unlocked account, checked by web3j and by ethers. */
class TransactionSigningTest {

  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  private static RawTransaction tx(long chainId) {
    return RawTransaction.createTransaction(
        chainId,
        BigInteger.valueOf(7),
        BigInteger.valueOf(90_000),
        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        BigInteger.valueOf(12345),
        "0xdeadbeef",
        GWEI,
        GWEI.multiply(BigInteger.valueOf(3)));
  }

  @Test
  void signsAnEip1559TransactionThatEthersReadsBack() throws Exception {
    try (UnlockedAccount account = TestAccounts.unlocked(TestKeys.KEY_0)) {
      String signed = Numeric.toHexString(account.signTransaction(tx(31337)));

      SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(signed);
      assertThat(decoded.getFrom()).isEqualToIgnoringCase(TestKeys.ADDRESS_0);

      JsonNode ethers = Ethers.run("parse-tx", signed);
      assertThat(ethers.path("from").asText()).isEqualTo(TestKeys.ADDRESS_0);
      assertThat(ethers.path("type").asInt()).isEqualTo(2);
      assertThat(ethers.path("chainId").asText()).isEqualTo("31337");
      assertThat(ethers.path("nonce").asInt()).isEqualTo(7);
      assertThat(ethers.path("value").asText()).isEqualTo("12345");
      assertThat(ethers.path("gasLimit").asText()).isEqualTo("90000");
      assertThat(ethers.path("maxFeePerGas").asText()).isEqualTo("3000000000");
      assertThat(ethers.path("maxPriorityFeePerGas").asText()).isEqualTo("1000000000");
      assertThat(ethers.path("data").asText()).isEqualTo("0xdeadbeef");
      assertThat(ethers.path("hash").asText()).isEqualTo(Hash.sha3(signed));
    }
  }

  @Test
  void theChainIdIsSigned() {
    try (UnlockedAccount account = TestAccounts.unlocked(TestKeys.KEY_0)) {
      String devnet = Numeric.toHexString(account.signTransaction(tx(31337)));
      String sepolia = Numeric.toHexString(account.signTransaction(tx(11155111)));
      assertThat(devnet).isNotEqualTo(sepolia);
      // Moving the devnet signature onto the Sepolia transaction recovers someone else.
      SignedRawTransaction s = (SignedRawTransaction) TransactionDecoder.decode(devnet);
      byte[] forged =
          org.web3j.crypto.TransactionEncoder.encode(tx(11155111), s.getSignatureData());
      SignedRawTransaction f =
          (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(forged));
      String recovered;
      try {
        recovered = f.getFrom();
      } catch (Exception e) {
        recovered = "none";
      }
      assertThat(recovered).isNotEqualToIgnoringCase(TestKeys.ADDRESS_0);
    }
  }

  @Test
  void refusesLegacyTransactionsWithoutAChainId() {
    try (UnlockedAccount account = TestAccounts.unlocked(TestKeys.KEY_0)) {
      RawTransaction legacy =
          RawTransaction.createTransaction(
              BigInteger.ZERO, GWEI, BigInteger.valueOf(21_000), "0x" + "11".repeat(20), "0x");
      assertThatThrownBy(() -> account.signTransaction(legacy))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("EIP-1559");
    }
  }

  @Test
  void aLockedAccountSignsNoTransactionAndItsKeyIsWiped() {
    UnlockedAccount account = TestAccounts.unlocked(TestKeys.KEY_0);
    account.signTransaction(tx(1));
    account.close();
    assertThat(account.keyForTest()).containsOnly(0);
    assertFails(() -> account.signTransaction(tx(1)), Reason.LOCKED);
  }
}
