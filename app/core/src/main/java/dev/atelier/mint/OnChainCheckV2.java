package dev.atelier.mint;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.chain.BatchToken;
import dev.atelier.chain.BatchTree;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.ProvenanceProof;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * Reads a token of a version 2 collection back and checks it against the catalog: its owner, that
 * its {@code tokenURI} is the CID of the asset's metadata, the contract's own ERC-7007 {@code
 * verify} of the asset's provenance with the token's Merkle proof (the tree rebuilt from the jobs
 * of its batch, in batch order), and Atelier's EIP-712 check of the provenance signature.
 */
final class OnChainCheckV2 {

  private final Catalog catalog;
  private final AssetExport export;

  OnChainCheckV2(Catalog catalog, AssetExport export) {
    this.catalog = catalog;
    this.export = export;
  }

  /** Checks a confirmed batch job's token in {@code collection}, as the class comment says. */
  OnChainProvenance check(Transactions txs, CollectionEntry collection, MintJob job) {
    CollectionContractV2 contract = new CollectionContractV2(txs, collection.address());
    BigInteger tokenId = new BigInteger(job.tokenId());
    List<MintJob> batch = catalog.mintJobs().ofBatch(job.batchId());
    List<BatchToken> tokens = new ArrayList<>();
    ProvenanceRecord record = null;
    String signature = null;
    int position = -1;
    for (MintJob each : batch) {
      Optional<ProvenanceEntry> signed = signedFor(each.assetId(), collection.chainId());
      if (signed.isEmpty() || each.tokenId() == null) {
        return result(contract, tokenId, false, false, false);
      }
      ProvenanceRecord r = MintPlanner.parse(signed.get());
      String sig = signed.get().eip712Signature().strip();
      tokens.add(
          new BatchToken(
              Numeric.toBytesPadded(new BigInteger(each.tokenId()), 32),
              ProvenanceProofs.aigcData(r),
              Numeric.hexStringToByteArray(sig)));
      if (each.id() == job.id()) {
        record = r;
        signature = sig;
        position = tokens.size() - 1;
      }
    }
    String uri = export.prepare(job.assetId()).metadataCid().ipfsUri();
    boolean uriMatches = uri.equals(contract.tokenUri(tokenId));
    ProvenanceProof proof =
        CollectionContractV2.proofOf(
            new byte[0], tokens.get(position), BatchTree.of(tokens).proof(position));
    boolean verifies = contract.verify(proof);
    boolean signatureVerifies =
        ProvenanceSignatures.verify(record, collection.chainId(), signature).matches();
    return result(contract, tokenId, uriMatches, verifies, signatureVerifies);
  }

  private static OnChainProvenance result(
      CollectionContractV2 contract,
      BigInteger tokenId,
      boolean recordMatches,
      boolean contractVerifies,
      boolean signatureVerifies) {
    return new OnChainProvenance(
        tokenId,
        contract.ownerOf(tokenId),
        contract.tokenUri(tokenId),
        contract.license(tokenId).licenseId(),
        recordMatches,
        contractVerifies,
        signatureVerifies);
  }

  /** The asset's latest provenance signed for {@code chainId}, as the planner took it. */
  private Optional<ProvenanceEntry> signedFor(long assetId, long chainId) {
    return catalog
        .provenance()
        .latestFor(assetId)
        .filter(e -> e.eip712Signature() != null && e.chainId() != null && e.chainId() == chainId);
  }
}
