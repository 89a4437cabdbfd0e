package dev.atelier.mint;

import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.ProvenanceProof;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport.Publishable;
import java.math.BigInteger;
import java.util.List;

/**
 * Mints checked, simulated and priced, nothing signed yet: what the artist confirms. Made by {@link
 * MintPlanner#plan}, carried out by {@link Minter#execute}.
 *
 * @param txs the node and chain it was priced on
 * @param collection where the tokens go
 * @param from the collection owner who signs and receives the tokens
 * @param items one mint an asset, in the order given
 * @param earlier the live jobs of assets named but left out because an earlier mint got to them:
 *     {@code CONFIRMED} ones are tokens already, the others are under way and settle by
 *     reconciliation; in the order given
 */
public record MintPlan(
    Transactions txs,
    CollectionEntry collection,
    String from,
    List<Item> items,
    List<MintJob> earlier) {

  public MintPlan {
    items = List.copyOf(items);
    earlier = List.copyOf(earlier);
  }

  /**
   * One asset's mint.
   *
   * @param assetId the asset
   * @param tokenUri {@code ipfs://} URI of its metadata file
   * @param content its signed image and metadata, for pinning
   * @param proof the provenance the contract checks
   * @param tx the {@code mintWithProvenance} call, simulated and priced
   */
  public record Item(
      long assetId,
      String tokenUri,
      Publishable content,
      ProvenanceProof proof,
      PreparedTransaction tx) {}

  /** The most all mints can cost together, in wei. */
  public BigInteger maxCost() {
    return items.stream().map(i -> i.tx().maxCost()).reduce(BigInteger.ZERO, BigInteger::add);
  }

  /** The likely cost of all mints at the current base fee, in wei. */
  public BigInteger expectedCost() {
    return items.stream().map(i -> i.tx().expectedCost()).reduce(BigInteger.ZERO, BigInteger::add);
  }

  /** Gas all mints are estimated to use. */
  public BigInteger gasEstimate() {
    return items.stream().map(i -> i.tx().gasEstimate()).reduce(BigInteger.ZERO, BigInteger::add);
  }
}
