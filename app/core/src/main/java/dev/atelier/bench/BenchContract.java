package dev.atelier.bench;

import dev.atelier.chain.ChainException;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.ContractArtifact;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

/**
 * A reference contract of the gas benchmark, deployed from its artifact and driven through its ABI.
 *
 * @param address where it is deployed
 * @param artifact what was deployed
 * @param deployGas the deployment's {@code gasUsed}
 */
record BenchContract(String address, ContractArtifact artifact, long deployGas) {

  /** How long the benchmark waits for a receipt. */
  static final Duration WAIT = Duration.ofSeconds(60);

  /** Deploys {@code artifact}, which takes no constructor arguments, from {@code from}. */
  static BenchContract deploy(Transactions txs, ContractArtifact artifact, UnlockedAccount from) {
    PreparedTransaction tx =
        txs.prepare(
            from.address(),
            null,
            Numeric.hexStringToByteArray(artifact.bytecode()),
            BigInteger.ZERO,
            artifact.abi());
    Receipt receipt = txs.awaitReceipt(txs.send(tx, from), WAIT, artifact.abi());
    if (!receipt.success() || receipt.contractAddress() == null) {
      throw new ChainException(
          ChainException.Reason.REVERTED, "Deploying " + artifact.name() + " failed");
    }
    return new BenchContract(
        receipt.contractAddress(), artifact, receipt.gasUsed().longValueExact());
  }

  /** Simulates and prices a call of {@code function} from {@code from}. */
  PreparedTransaction prepare(Transactions txs, String from, Function function) {
    byte[] data = Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
    return txs.prepare(from, address, data, BigInteger.ZERO, artifact.abi());
  }

  /** Sends {@code mint(args)}; the tokens it minted, counted from its Transfer events. */
  GasBench.Measurement mint(Transactions txs, UnlockedAccount from, String label, Type<?>... args) {
    PreparedTransaction tx =
        prepare(txs, from.address(), new Function("mint", List.of(args), List.of()));
    Receipt receipt = txs.awaitReceipt(txs.send(tx, from), WAIT, artifact.abi());
    return GasBench.measured(label, receipt, mintedBy(receipt, address));
  }

  /**
   * The tokens {@code contract} minted in a transaction: its ERC-721 {@code Transfer} events from
   * the zero address.
   */
  static int mintedBy(Receipt receipt, String contract) {
    return (int)
        receipt.logs().stream()
            .filter(l -> l.address().equalsIgnoreCase(contract))
            .filter(l -> l.topics().size() == 4)
            .filter(l -> l.topics().get(0).equalsIgnoreCase(CollectionContract.TRANSFER_TOPIC))
            .filter(l -> Numeric.toBigInt(l.topics().get(1)).signum() == 0)
            .count();
  }
}
