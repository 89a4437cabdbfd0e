package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.utils.Numeric;

/**
 * Deploying a collection contract, either version: both take (name, symbol, royalty receiver,
 * royalty in basis points) and are owned by whoever deploys them.
 */
final class CollectionDeployment {

  private CollectionDeployment() {}

  /**
   * A deployment of {@code compiled} owned by {@code from}, simulated and priced.
   *
   * @param royaltyBps royalty in basis points, 0 to 10000 (500 = 5 %)
   */
  static PreparedTransaction prepare(
      Transactions txs,
      ContractArtifact compiled,
      String from,
      String name,
      String symbol,
      String royaltyReceiver,
      int royaltyBps) {
    if (royaltyBps < 0 || royaltyBps > 10_000) {
      throw new IllegalArgumentException("A royalty is 0 to 10000 basis points, not " + royaltyBps);
    }
    String args =
        FunctionEncoder.encodeConstructor(
            List.of(
                new Utf8String(name),
                new Utf8String(symbol),
                new Address(royaltyReceiver),
                new Uint96(royaltyBps)));
    byte[] code = Numeric.hexStringToByteArray(compiled.bytecode() + args);
    return txs.prepare(from, null, code, BigInteger.ZERO, compiled.abi());
  }

  /**
   * Sends a prepared deployment, waits for it, and returns its receipt, which names the address.
   */
  static Receipt send(
      Transactions txs,
      ContractArtifact compiled,
      PreparedTransaction deployment,
      UnlockedAccount account,
      Duration timeout) {
    if (!deployment.isDeployment()) {
      throw new IllegalArgumentException("Not a deployment: it calls " + deployment.to());
    }
    String hash = txs.send(deployment, account);
    Receipt receipt = txs.awaitReceipt(hash, timeout, compiled.abi());
    if (receipt.contractAddress() == null) {
      throw new ChainException(
          Reason.RPC_ERROR, "The receipt of deployment " + hash + " names no contract address");
    }
    return receipt;
  }
}
