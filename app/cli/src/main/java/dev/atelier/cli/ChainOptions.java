package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.ethereum.Ether;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --network} option of commands that talk to a chain, and how amounts are printed. */
final class ChainOptions {

  @Option(
      names = "--network",
      paramLabel = "NAME",
      defaultValue = Network.LOCAL_DEVNET,
      description = "Network by name (default: ${DEFAULT-VALUE}; see: atelier network list).")
  String network;

  /** The chosen network; it must have an RPC URL. */
  Network resolve(Studio studio) {
    List<Network> all = studio.networks().all();
    Network n =
        all.stream()
            .filter(x -> x.name().equalsIgnoreCase(network.strip()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "No network called \""
                            + network
                            + "\"; known: "
                            + String.join(", ", all.stream().map(Network::name).toList())));
    if (!n.hasRpcUrl()) {
      studio
          .networks()
          .unreadableUrl(n.name())
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(
                    why + ": atelier network add \"" + n.name() + "\" --rpc-url URL");
              });
      throw new IllegalArgumentException(
          n.name()
              + " has no RPC URL yet"
              + (n.name().equals(Network.LOCAL_DEVNET)
                  ? ": start the local devnet first (atelier devnet start)"
                  : ": add one (atelier network add \""
                      + n.name()
                      + "\" --chain-id "
                      + n.chainId()
                      + " --rpc-url URL)"));
    }
    return n;
  }

  /** Transactions on the chosen network, for its chain id (checked before anything is signed). */
  Transactions transactions(Studio studio) {
    Network n = resolve(studio);
    return new Transactions(new JsonRpc(n.rpcUrl()), n.chainId());
  }

  /** "Local devnet (chain 31337)". */
  String describe(Studio studio) {
    Network n = resolve(studio);
    return n.name() + " (chain " + n.chainId() + ")";
  }

  /** Wei per gas as gwei with three decimals. */
  static String gwei(BigInteger wei) {
    return new BigDecimal(wei, 9).setScale(3, RoundingMode.HALF_UP).toPlainString() + " gwei";
  }

  /** The cost lines shown before a transaction is signed. */
  static String cost(
      BigInteger gas, BigInteger expected, BigInteger most, PreparedTransaction any) {
    return String.format(
        "Gas ≈ %,d; expected cost %s, at most %s (base fee %s + tip %s)",
        gas,
        Ether.format(expected),
        Ether.format(most),
        gwei(any.baseFeePerGas()),
        gwei(any.maxPriorityFeePerGas()));
  }
}
