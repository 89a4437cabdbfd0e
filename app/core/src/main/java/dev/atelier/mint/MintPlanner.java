package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.ProvenanceProof;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport;
import dev.atelier.content.AssetExport.Publishable;
import dev.atelier.provenance.InvalidProvenanceException;
import dev.atelier.provenance.ProvenanceRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, simulates and prices mints, signing nothing: what the artist confirms before {@link
 * Minter#execute}.
 */
public final class MintPlanner {

  private final Catalog catalog;
  private final AssetExport export;
  private final CollectionService collections;
  private final Reconciler reconciler;

  MintPlanner(
      Catalog catalog, AssetExport export, CollectionService collections, Reconciler reconciler) {
    this.catalog = catalog;
    this.export = export;
    this.collections = collections;
    this.reconciler = reconciler;
  }

  /**
   * Checks, simulates and prices mints of {@code assetIds} into a collection, signing nothing.
   * Reconciles the chain's unfinished jobs first, so the checks see the truth.
   *
   * <p>Each asset must be signed for the collection's chain by {@code from}, who must own the
   * collection; its image must still be the signed file. The token URI is the {@code ipfs://} CID
   * of the asset's metadata file ({@link AssetExport}). An asset already minted into the collection
   * (or being minted) by an earlier job is left out of the plan and listed in {@link
   * MintPlan#earlier()}, so that the same mint run again mints what is left.
   *
   * @param recordOnChain true to put each canonical provenance record in the transaction's call
   *     data too (more gas; otherwise the record travels in the metadata and the image's manifest)
   * @throws MintException naming the first asset that cannot be minted, and why; {@link
   *     MintException.Reason#ALREADY_MINTED} or {@link MintException.Reason#IN_PROGRESS} when
   *     nothing is left to mint
   * @throws ChainException when the node is down, serves another chain, or a mint would revert
   */
  public MintPlan plan(
      Transactions txs,
      long collectionId,
      List<Long> assetIds,
      String from,
      boolean recordOnChain) {
    requireDistinct(assetIds);
    CollectionEntry collection = collections.collection(collectionId);
    if (collection.version() != 1) {
      throw MintException.otherVersion(collection.id(), collection.name(), collection.version());
    }
    requireChain(txs, collection);
    reconciler.reconcile(txs);
    CollectionContract contract = new CollectionContract(txs, collection.address());
    String owner = contract.owner();
    if (!owner.equalsIgnoreCase(from)) {
      throw MintException.notOwner(collection.id(), collection.name(), owner, from);
    }
    List<MintJob> earlier = new ArrayList<>();
    List<MintPlan.Item> items = new ArrayList<>();
    for (long assetId : assetIds) {
      Optional<MintJob> live = catalog.mintJobs().live(assetId, collection.id());
      if (live.isPresent()) {
        earlier.add(live.get());
      } else {
        items.add(item(contract, collection, assetId, from, recordOnChain));
      }
    }
    if (items.isEmpty()) {
      throw MintException.nothingLeft(collection.id(), collection.name(), earlier);
    }
    return new MintPlan(txs, collection, from, items, earlier);
  }

  private MintPlan.Item item(
      CollectionContract contract,
      CollectionEntry collection,
      long assetId,
      String from,
      boolean recordOnChain) {
    ProvenanceEntry signed = signedFor(assetId, collection, from);
    Publishable content = export.prepare(assetId);
    ProvenanceRecord record = parse(signed);
    ProvenanceProof proof = ProvenanceProofs.of(record, signed.eip712Signature(), recordOnChain);
    String uri = content.metadataCid().ipfsUri();
    PreparedTransaction tx = contract.prepareMintWithProvenance(from, from, uri, proof);
    return new MintPlan.Item(assetId, uri, content, proof, tx);
  }

  /** The collection must be on the chain of {@code txs}. */
  static void requireChain(Transactions txs, CollectionEntry collection) {
    if (collection.chainId() != txs.chainId()) {
      throw new ChainException(
          Reason.WRONG_CHAIN,
          "Collection "
              + collection.name()
              + " is on chain "
              + collection.chainId()
              + ", but the network chosen is chain "
              + txs.chainId());
    }
  }

  static void requireDistinct(List<Long> assetIds) {
    if (assetIds.isEmpty()) {
      throw new IllegalArgumentException("Name at least one asset to mint");
    }
    Set<Long> seen = new HashSet<>();
    for (long id : assetIds) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException("Asset " + id + " is named twice");
      }
    }
  }

  /** The asset's latest signature, which must be by {@code from} for the collection's chain. */
  ProvenanceEntry signedFor(long assetId, CollectionEntry collection, String from) {
    catalog.assets().find(assetId).orElseThrow(() -> MintException.assetNotFound(assetId));
    ProvenanceEntry entry =
        catalog
            .provenance()
            .latestFor(assetId)
            .filter(e -> e.eip712Signature() != null && e.chainId() != null)
            .orElseThrow(() -> MintException.notSigned(assetId, collection.chainId(), from));
    if (entry.chainId() != collection.chainId() || !entry.creatorAddress().equalsIgnoreCase(from)) {
      throw MintException.signedOtherwise(
          assetId,
          entry.creatorAddress(),
          entry.chainId(),
          entry.licenseId(),
          collection.name(),
          from,
          collection.chainId());
    }
    return entry;
  }

  /** The signed record of a catalog entry. */
  static ProvenanceRecord parse(ProvenanceEntry entry) {
    try {
      return ProvenanceRecord.parse(entry.recordJson());
    } catch (InvalidProvenanceException e) {
      throw MintException.damagedRecord(entry.assetId(), e);
    }
  }
}
