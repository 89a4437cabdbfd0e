package dev.atelier.config;

import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.LocalDevnet.Node;
import dev.atelier.chain.Network;
import java.util.Objects;
import java.util.Optional;

/**
 * What the studio remembers of its local devnet, in {@link Settings}: the node's RPC URL in the
 * {@value Network#LOCAL_DEVNET} network of the {@link SavedNetworks}, and whether the user wants
 * the node running ({@link Settings#DEVNET_AUTOSTART}).
 */
public final class DevnetSettings implements LocalDevnet.Memory {

  private final Settings settings;
  private final SavedNetworks networks;

  public DevnetSettings(Settings settings, SavedNetworks networks) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.networks = Objects.requireNonNull(networks, "networks");
  }

  @Override
  public Optional<String> lastRpcUrl() {
    return networks.find(Network.LOCAL_DEVNET).filter(Network::hasRpcUrl).map(Network::rpcUrl);
  }

  @Override
  public boolean wanted() {
    return settings.devnetAutostart();
  }

  @Override
  public void started(Node node) {
    Network current = networks.find(Network.LOCAL_DEVNET).orElse(node.network().withRpcUrl(""));
    networks.put(current.withRpcUrl(node.rpcUrl()));
    settings.setDevnetAutostart(true);
  }

  @Override
  public void stopped() {
    settings.setDevnetAutostart(false);
  }
}
