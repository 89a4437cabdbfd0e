package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.Networks;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collection contracts assets are minted into: deploys them, imports them, lists them. */
public final class CollectionService {

  private static final Logger LOG = LoggerFactory.getLogger(CollectionService.class);

  private final Catalog catalog;
  private final Clock clock;

  public CollectionService(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /** As {@link #prepareDeploy(Transactions, String, String, String, int, int)} of version 1. */
  public PreparedTransaction prepareDeploy(
      Transactions txs, String owner, String name, String symbol, int royaltyBps) {
    return prepareDeploy(txs, owner, name, symbol, royaltyBps, 1);
  }

  /**
   * A collection deployment owned by {@code owner}, who also receives the royalties, simulated and
   * priced: show it to the artist before {@link #deploy}.
   *
   * @param royaltyBps ERC-2981 royalty in basis points (500 = 5 %)
   * @param version 1 ({@code AtelierCollection}) or 2 ({@code AtelierCollectionV2}, batches)
   */
  public PreparedTransaction prepareDeploy(
      Transactions txs, String owner, String name, String symbol, int royaltyBps, int version) {
    if (name.isBlank() || symbol.isBlank()) {
      throw new IllegalArgumentException("A collection needs a name and a symbol");
    }
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("A collection is version 1 or 2, not " + version);
    }
    Networks.checkChainId(txs.rpc(), txs.chainId());
    return version == 2
        ? CollectionContractV2.prepareDeploy(txs, owner, name, symbol, owner, royaltyBps)
        : CollectionContract.prepareDeploy(txs, owner, name, symbol, owner, royaltyBps);
  }

  /**
   * Signs and sends a prepared deployment, waits for it and adds the collection to the catalog.
   *
   * <p>A process killed while the deployment is in flight leaves a contract the catalog does not
   * list yet; {@link #importCollection} adds it from its address.
   */
  public CollectionEntry deploy(
      Transactions txs, PreparedTransaction deployment, UnlockedAccount owner, Duration timeout) {
    CollectionContract.Deployment d = CollectionContract.deploy(txs, deployment, owner, timeout);
    String address = d.contract().address();
    CollectionEntry entry =
        add(
            txs.chainId(),
            d.contract(),
            CollectionContractV2.detectVersion(txs, address),
            d.receipt().transactionHash());
    LOG.info(
        "Deployed collection {} ({}) at {} on chain {}",
        entry.name(),
        entry.symbol(),
        entry.address(),
        entry.chainId());
    return entry;
  }

  /**
   * Adds a collection contract already on the chain (deployed elsewhere, or by a deployment the
   * catalog missed); returns the existing entry when it is listed already.
   *
   * @throws ChainException when no Atelier collection answers at {@code address} on this chain
   */
  public CollectionEntry importCollection(Transactions txs, String address) {
    Networks.checkChainId(txs.rpc(), txs.chainId());
    Optional<CollectionEntry> known = catalog.collections().find(txs.chainId(), address);
    if (known.isPresent()) {
      return known.get();
    }
    int version = detect(txs, address);
    CollectionContract contract = new CollectionContract(txs, address);
    if (!contract.supportsInterface(CollectionContract.ERC7007_INTERFACE_ID)) {
      throw new ChainException(
          Reason.RPC_ERROR,
          "The contract at "
              + contract.address()
              + " is not an AtelierCollection (it does not support ERC-7007)");
    }
    return add(txs.chainId(), contract, version, null);
  }

  /** The version of the collection at {@code address}, said in Atelier's words when neither. */
  private static int detect(Transactions txs, String address) {
    try {
      return CollectionContractV2.detectVersion(txs, address);
    } catch (ChainException e) {
      if (e.reason() != Reason.REVERTED) {
        throw e;
      }
      throw new ChainException(
          Reason.RPC_ERROR,
          "The contract at " + address + " is not an AtelierCollection (version 1 or 2)");
    }
  }

  /**
   * The collection with catalog id {@code id}.
   *
   * @throws MintException {@link MintException.Reason#NOT_FOUND} when the catalog has none
   */
  public CollectionEntry collection(long id) {
    return catalog.collections().find(id).orElseThrow(() -> MintException.collectionNotFound(id));
  }

  /** Every collection in the catalog, oldest first. */
  public List<CollectionEntry> collections() {
    return catalog.collections().all();
  }

  private CollectionEntry add(
      long chainId, CollectionContract contract, int version, String deployTxHash) {
    return catalog
        .collections()
        .add(
            new CollectionEntry(
                0,
                chainId,
                contract.address(),
                contract.name(),
                contract.symbol(),
                contract.owner(),
                deployTxHash,
                clock.instant(),
                version));
  }
}
