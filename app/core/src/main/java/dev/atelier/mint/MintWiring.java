package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.content.AssetExport;
import dev.atelier.content.IpfsPinner;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The mint services built once, each on the ones it needs, for the composition root ({@code
 * Studio}), which hands each out on its own.
 *
 * @param collections deploy, import and list collection contracts
 * @param planner check, simulate and price mints
 * @param minter carry a plan out through the write-ahead job states
 * @param reconciler settle unfinished jobs of one chain
 * @param recovery settle unfinished jobs of every configured chain (start-up, {@code mint status})
 * @param onChain read a minted token back and check its provenance
 * @param batchPlanner check, group, sign and price mints into a version 2 collection
 * @param batchMinter carry a batch plan out through the same write-ahead job states
 */
public record MintWiring(
    CollectionService collections,
    MintPlanner planner,
    Minter minter,
    Reconciler reconciler,
    StartupRecovery recovery,
    OnChainCheck onChain,
    BatchPlanner batchPlanner,
    BatchMinter batchMinter) {

  /**
   * @param pinner the IPFS node to pin images and metadata to before minting, as configured at the
   *     moment of the mint (empty: the artist uploads the CAR export themselves)
   */
  public static MintWiring wire(
      Catalog catalog, AssetExport export, Supplier<Optional<IpfsPinner>> pinner, Clock clock) {
    CollectionService collections = new CollectionService(catalog, clock);
    MintJobStates states = new MintJobStates(catalog, clock);
    Receipts receipts = new Receipts(collections, states, clock);
    Reconciler reconciler = new Reconciler(catalog, states, receipts, clock);
    MintPlanner planner = new MintPlanner(catalog, export, collections, reconciler);
    ContentPinner pinning = new ContentPinner(pinner);
    Minter minter = new Minter(states, reconciler, receipts, pinning, clock);
    return new MintWiring(
        collections,
        planner,
        minter,
        reconciler,
        new StartupRecovery(catalog, reconciler),
        new OnChainCheck(catalog, collections, export),
        new BatchPlanner(catalog, export, collections, reconciler, planner, BatchPlanner.GAS_CAP),
        new BatchMinter(states, minter, receipts, pinning, clock));
  }
}
