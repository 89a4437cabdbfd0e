package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Network;
import dev.atelier.chain.Transactions;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the unfinished mint jobs of every chain that has some, each through the configured
 * network of its chain id: what the studio does at start-up and {@code mint status} on request.
 */
public final class StartupRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

  private final Catalog catalog;
  private final Reconciler reconciler;

  StartupRecovery(Catalog catalog, Reconciler reconciler) {
    this.catalog = catalog;
    this.reconciler = reconciler;
  }

  /**
   * Reconciles through the network of each chain id in {@code networks} that has an RPC URL. A
   * chain whose node does not answer within {@code rpcTimeout} is left for later and logged.
   *
   * @return what was reconciled, by chain id
   */
  public Map<Long, Reconciliation> recover(List<Network> networks, Duration rpcTimeout) {
    Map<Long, Reconciliation> out = new LinkedHashMap<>();
    for (long chainId : chainsWithUnfinishedJobs()) {
      Optional<Network> network =
          networks.stream().filter(n -> n.chainId() == chainId && n.hasRpcUrl()).findFirst();
      if (network.isEmpty()) {
        LOG.warn("Unfinished mint jobs on chain {} wait: no network with an RPC URL", chainId);
        continue;
      }
      try {
        Transactions txs =
            new Transactions(new JsonRpc(network.get().rpcUrl(), rpcTimeout), chainId);
        out.put(chainId, reconciler.reconcile(txs));
      } catch (ChainException | IllegalArgumentException e) {
        LOG.warn(
            "Unfinished mint jobs on {} (chain {}) wait: {}",
            network.get().name(),
            chainId,
            e.getMessage());
      }
    }
    return out;
  }

  private Set<Long> chainsWithUnfinishedJobs() {
    Set<Long> chains = new HashSet<>();
    for (MintJob job : catalog.mintJobs().unfinished()) {
      catalog.collections().find(job.collectionId()).ifPresent(c -> chains.add(c.chainId()));
    }
    return chains;
  }
}
