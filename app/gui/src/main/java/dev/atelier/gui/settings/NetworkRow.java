package dev.atelier.gui.settings;

import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import java.util.Optional;

/**
 * One network as the Settings screen lists it: never the full RPC URL, which may hold an API key.
 *
 * @param name the network's name
 * @param chainId its chain id
 * @param shownUrl its RPC URL {@linkplain JsonRpc#redact redacted}, "not set", or why the kept URL
 *     cannot be read
 * @param hasUrl whether an RPC URL is set
 * @param localDevnet whether this is the local devnet's entry (managed by Atelier, read-only)
 */
public record NetworkRow(
    String name, long chainId, String shownUrl, boolean hasUrl, boolean localDevnet) {

  static NetworkRow of(Network n, Optional<String> unreadableUrl) {
    return new NetworkRow(
        n.name(),
        n.chainId(),
        n.hasRpcUrl()
            ? JsonRpc.redact(n.rpcUrl())
            : unreadableUrl.map(why -> "unreadable: " + why).orElse("not set"),
        n.hasRpcUrl(),
        Network.LOCAL_DEVNET.equals(n.name()));
  }
}
