package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.chain.BatchToken;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.CollectionContractV2.PreparedBatch;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport;
import dev.atelier.content.AssetExport.Publishable;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * Checks, groups, signs and prices mints into a version 2 collection, sending nothing: what the
 * artist confirms before {@link BatchMinter#execute}.
 *
 * <p>Assets are grouped by license (a batch has one), in the order given, then cut into batches
 * whose {@code eth_estimateGas} of the real {@code mintBatch} call is under the per-transaction gas
 * cap: a batch over it is cut smaller, by the ratio of the cap to its estimate, and estimated
 * again. Each batch is signed by the owner's account for this chain and contract before it is
 * estimated, because the contract checks that signature (an EIP-712 signature, not a transaction).
 */
public final class BatchPlanner {

  /** EIP-7825: the most gas one transaction may use. */
  public static final long GAS_CAP = 16_777_216L;

  /** Gas per token a first cut assumes (the estimate decides); under the contract's 26,786. */
  private static final long FIRST_GUESS_PER_TOKEN = 25_000;

  private final Catalog catalog;
  private final AssetExport export;
  private final CollectionService collections;
  private final Reconciler reconciler;
  private final MintPlanner singles;
  private final long gasCap;

  BatchPlanner(
      Catalog catalog,
      AssetExport export,
      CollectionService collections,
      Reconciler reconciler,
      MintPlanner singles,
      long gasCap) {
    if (gasCap <= 0) {
      throw new IllegalArgumentException("A gas cap is positive, not " + gasCap);
    }
    this.catalog = catalog;
    this.export = export;
    this.collections = collections;
    this.reconciler = reconciler;
    this.singles = singles;
    this.gasCap = gasCap;
  }

  /**
   * Checks, groups, signs and prices mints of {@code assetIds} into a version 2 collection, to
   * {@code owner}'s own address. Reconciles the chain's unfinished jobs first. The checks are those
   * of {@link MintPlanner#plan}; an asset minted (or being minted) by an earlier job is left out
   * and listed in {@link BatchPlan#earlier()}.
   *
   * @throws MintException {@link MintException.Reason#OTHER_VERSION} for a version 1 collection,
   *     and the reasons of {@link MintPlanner#plan}
   * @throws ChainException when the node is down, serves another chain, or a batch would revert
   */
  public BatchPlan plan(
      Transactions txs, long collectionId, List<Long> assetIds, UnlockedAccount owner) {
    MintPlanner.requireDistinct(assetIds);
    CollectionEntry collection = collections.collection(collectionId);
    if (collection.version() != 2) {
      throw MintException.otherVersion(collection.id(), collection.name(), collection.version());
    }
    MintPlanner.requireChain(txs, collection);
    reconciler.reconcile(txs);
    CollectionContractV2 contract = new CollectionContractV2(txs, collection.address());
    String from = owner.address();
    String onChainOwner = contract.owner();
    if (!onChainOwner.equalsIgnoreCase(from)) {
      throw MintException.notOwner(collection.id(), collection.name(), onChainOwner, from);
    }
    List<MintJob> earlier = new ArrayList<>();
    Map<String, List<Licensed>> byLicense = new LinkedHashMap<>();
    for (long assetId : assetIds) {
      Optional<MintJob> live = catalog.mintJobs().live(assetId, collection.id());
      if (live.isPresent()) {
        earlier.add(live.get());
        continue;
      }
      Licensed item = item(collection, assetId, from);
      byLicense
          .computeIfAbsent(item.licenseId() + "\n" + item.termsSha256(), k -> new ArrayList<>())
          .add(item);
    }
    if (byLicense.isEmpty()) {
      throw MintException.nothingLeft(collection.id(), collection.name(), earlier);
    }
    List<BatchPlan.Batch> batches = new ArrayList<>();
    for (List<Licensed> group : byLicense.values()) {
      batches.addAll(cut(contract, group, owner));
    }
    return new BatchPlan(txs, collection, from, batches, earlier, gasCap);
  }

  /** An asset's token and the license its batch is minted under. */
  private record Licensed(BatchPlan.Item item, String licenseId, String termsSha256) {}

  private Licensed item(CollectionEntry collection, long assetId, String from) {
    ProvenanceEntry signed = singles.signedFor(assetId, collection, from);
    Publishable content = export.prepare(assetId);
    ProvenanceRecord record = MintPlanner.parse(signed);
    BatchToken token =
        new BatchToken(
            content.metadataCid().digest(),
            ProvenanceProofs.aigcData(record),
            Numeric.hexStringToByteArray(signed.eip712Signature().strip()));
    BatchPlan.Item item =
        new BatchPlan.Item(assetId, content.metadataCid().ipfsUri(), content, token);
    return new Licensed(item, record.licenseId(), record.termsSha256());
  }

  /**
   * Batches of one license, in order, each estimated under the cap. Starts from a cut the cap
   * should hold; a batch over the cap (or whose estimate the node refuses, as it does over its own
   * limit) is cut again.
   */
  private List<BatchPlan.Batch> cut(
      CollectionContractV2 contract, List<Licensed> group, UnlockedAccount owner) {
    int size = (int) Math.max(1, Math.min(group.size(), gasCap / FIRST_GUESS_PER_TOKEN));
    Deque<List<Licensed>> todo = new ArrayDeque<>(chunks(group, size));
    List<BatchPlan.Batch> out = new ArrayList<>();
    while (!todo.isEmpty()) {
      List<Licensed> chunk = todo.removeFirst();
      PreparedBatch prepared;
      try {
        prepared = prepare(contract, chunk, owner);
      } catch (ChainException e) {
        if (chunk.size() == 1) {
          throw e;
        }
        pushFront(todo, chunks(chunk, (chunk.size() + 1) / 2));
        continue;
      }
      BigInteger gas = prepared.transaction().gasEstimate();
      if (gas.compareTo(BigInteger.valueOf(gasCap)) <= 0) {
        List<BatchPlan.Item> items = chunk.stream().map(Licensed::item).toList();
        out.add(new BatchPlan.Batch(items, prepared.batch(), prepared.transaction()));
      } else if (chunk.size() == 1) {
        throw new IllegalArgumentException(
            "One token alone is estimated at " + gas + " gas, over the cap of " + gasCap);
      } else {
        long fits =
            BigInteger.valueOf(chunk.size())
                .multiply(BigInteger.valueOf(gasCap))
                .multiply(BigInteger.valueOf(9))
                .divide(gas.multiply(BigInteger.TEN))
                .longValue();
        int next = (int) Math.max(1, Math.min(chunk.size() - 1, fits));
        pushFront(todo, chunks(chunk, next));
      }
    }
    return out;
  }

  private static PreparedBatch prepare(
      CollectionContractV2 contract, List<Licensed> chunk, UnlockedAccount owner) {
    Licensed first = chunk.getFirst();
    List<BatchToken> tokens = chunk.stream().map(l -> l.item().token()).toList();
    String from = owner.address();
    return contract.prepareMintBatch(
        from, from, tokens, first.licenseId(), first.termsSha256(), owner);
  }

  private static void pushFront(Deque<List<Licensed>> todo, List<List<Licensed>> chunks) {
    for (int i = chunks.size() - 1; i >= 0; i--) {
      todo.addFirst(chunks.get(i));
    }
  }

  private static List<List<Licensed>> chunks(List<Licensed> items, int size) {
    List<List<Licensed>> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
    }
    return out;
  }
}
