package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.ChainException.Reason;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.CollectionContract.TokenProvenance;
import dev.atelier.chain.Networks;
import dev.atelier.chain.ProvenanceProof;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import java.math.BigInteger;

/** Reads a minted token back from the chain and checks its provenance against the catalog. */
public final class OnChainCheck {

  private final Catalog catalog;
  private final CollectionService collections;
  private final OnChainCheckV2 v2;

  OnChainCheck(Catalog catalog, CollectionService collections, AssetExport export) {
    this.catalog = catalog;
    this.collections = collections;
    this.v2 = new OnChainCheckV2(catalog, export);
  }

  /**
   * Checks a confirmed job's token: the contract's record and pixels hashes against the asset's
   * signed record in the catalog, the contract's own {@code verify} of the stored signature, and
   * Atelier's EIP-712 check of it. A token of a version 2 collection is checked as {@link
   * OnChainCheckV2} says.
   */
  public OnChainProvenance check(Transactions txs, MintJob job) {
    if (job.state() != State.CONFIRMED) {
      throw new IllegalArgumentException(
          "Mint job " + job.id() + " is " + job.state() + ", not CONFIRMED");
    }
    CollectionEntry collection = collections.collection(job.collectionId());
    if (collection.chainId() != txs.chainId()) {
      throw new ChainException(
          Reason.WRONG_CHAIN,
          "Mint job "
              + job.id()
              + " is on chain "
              + collection.chainId()
              + ", not "
              + txs.chainId());
    }
    Networks.checkChainId(txs.rpc(), txs.chainId());
    if (collection.version() == 2) {
      return v2.check(txs, collection, job);
    }
    CollectionContract contract = new CollectionContract(txs, collection.address());
    long tokenId = Long.parseLong(job.tokenId());
    TokenProvenance onChain = contract.provenance(tokenId);
    ProvenanceRecord record = recordWithHash(job.assetId(), onChain.recordSha256());
    boolean recordMatches =
        record != null && record.pixelsSha256().equalsIgnoreCase(onChain.pixelsSha256());
    boolean contractVerifies = false;
    boolean signatureVerifies = false;
    if (record != null) {
      ProvenanceProof proof = ProvenanceProofs.of(record, onChain.proof(), false);
      contractVerifies = contract.verify(proof);
      signatureVerifies =
          ProvenanceSignatures.verify(record, collection.chainId(), onChain.proof()).matches();
    }
    return new OnChainProvenance(
        BigInteger.valueOf(tokenId),
        contract.ownerOf(tokenId),
        contract.tokenUri(tokenId),
        contract.license(tokenId).licenseId(),
        recordMatches,
        contractVerifies,
        signatureVerifies);
  }

  /** The asset's signed record whose hash is {@code recordSha256}; null when there is none. */
  private ProvenanceRecord recordWithHash(long assetId, String recordSha256) {
    return catalog.provenance().ofAsset(assetId).stream()
        .filter(e -> e.recordSha256().equalsIgnoreCase(recordSha256))
        .findFirst()
        .map(MintPlanner::parse)
        .orElse(null);
  }
}
