package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import java.util.List;

/**
 * The networks Atelier knows from the start, and the chain-id check made before anything is signed.
 * The user's own list is kept by the studio's settings, which start from {@link #DEFAULTS}.
 */
public final class Networks {

  /**
   * The list a new installation starts with: the local devnet (its URL is set when it starts), the
   * Sepolia and Base Sepolia test networks, Ethereum and Base; the user fills in the RPC URLs.
   */
  public static final List<Network> DEFAULTS =
      List.of(
          new Network(Network.LOCAL_DEVNET, Devnet.CHAIN_ID, ""),
          new Network("Sepolia", 11155111, ""),
          new Network("Base Sepolia", 84532, ""),
          new Network("Ethereum", 1, ""),
          new Network("Base", 8453, ""));

  private Networks() {}

  /**
   * Asks the node its chain id and fails unless it is {@code expected}. Call it before signing
   * anything for that chain: a signature made for one chain must not be sent to another.
   *
   * @throws ChainException {@link Reason#WRONG_CHAIN} naming both ids, or the node's failure
   */
  public static void checkChainId(JsonRpc rpc, long expected) {
    long actual = rpc.chainId();
    if (actual != expected) {
      throw new ChainException(
          Reason.WRONG_CHAIN,
          "RPC URL "
              + rpc.url()
              + " serves chain id "
              + actual
              + ", but chain id "
              + expected
              + " was expected; nothing was signed or sent");
    }
  }
}
