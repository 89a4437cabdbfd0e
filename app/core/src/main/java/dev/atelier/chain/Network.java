package dev.atelier.chain;

import java.util.Objects;

/**
 * An EVM network the artist can mint on.
 *
 * @param name what the user calls it
 * @param chainId its EIP-155 chain id (positive)
 * @param rpcUrl its JSON-RPC URL; empty until the user fills it in
 */
public record Network(String name, long chainId, String rpcUrl) {

  /** The name of the local devnet entry. */
  public static final String LOCAL_DEVNET = "Local devnet";

  public Network {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    if (name.isBlank()) {
      throw new IllegalArgumentException("A network needs a name");
    }
    if (chainId < 1) {
      throw new IllegalArgumentException("A chain id is positive, not " + chainId);
    }
    name = name.strip();
    rpcUrl = rpcUrl.strip();
  }

  /** True once an RPC URL is set. */
  public boolean hasRpcUrl() {
    return !rpcUrl.isEmpty();
  }

  /** The same network with another RPC URL. */
  public Network withRpcUrl(String url) {
    return new Network(name, chainId, url);
  }
}
