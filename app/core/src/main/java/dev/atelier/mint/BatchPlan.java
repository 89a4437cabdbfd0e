package dev.atelier.mint;

import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.BatchToken;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.SignedBatch;
import dev.atelier.chain.Transactions;
import dev.atelier.content.AssetExport.Publishable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * Mints into a version 2 collection, grouped into batches that each fit one transaction: checked,
 * each batch signed by the owner (an off-chain signature of its Merkle root) and its {@code
 * mintBatch} simulated and priced, no transaction signed yet. Made by {@link BatchPlanner#plan},
 * carried out by {@link BatchMinter#execute}.
 *
 * @param txs the node and chain it was priced on
 * @param collection where the tokens go (version 2)
 * @param from the collection owner who signs and receives the tokens
 * @param batches one transaction each, in the order the assets were given
 * @param earlier the live jobs of assets named but left out because an earlier mint got to them
 * @param gasCap the most gas one transaction may use; every batch's estimate is under it
 */
public record BatchPlan(
    Transactions txs,
    CollectionEntry collection,
    String from,
    List<Batch> batches,
    List<MintJob> earlier,
    long gasCap) {

  public BatchPlan {
    batches = List.copyOf(batches);
    earlier = List.copyOf(earlier);
  }

  /**
   * One asset's token in a batch.
   *
   * @param tokenUri {@code ipfs://} URI of its metadata file, which the contract rebuilds from the
   *     token id
   * @param content its signed image and metadata, for pinning
   * @param token its metadata digest (the token id) and provenance
   */
  public record Item(long assetId, String tokenUri, Publishable content, BatchToken token) {}

  /**
   * One transaction: its tokens under one license, the owner's batch signature and the simulated,
   * priced {@code mintBatch}.
   */
  public record Batch(List<Item> items, SignedBatch signed, PreparedTransaction tx) {

    public Batch {
      items = List.copyOf(items);
    }

    /** Estimated gas per token. */
    public BigInteger gasPerToken() {
      return tx.gasEstimate().divide(BigInteger.valueOf(items.size()));
    }

    /** Likely cost per token at the current base fee, in wei. */
    public BigInteger expectedCostPerToken() {
      return tx.expectedCost().divide(BigInteger.valueOf(items.size()));
    }

    /**
     * What a token would cost in a version 1 collection at this batch's fee per gas, in wei: {@link
     * #v1GasPerToken} times the expected fee per gas of this transaction.
     */
    public BigInteger v1ExpectedCostPerToken() {
      BigInteger feePerGas = tx.expectedCost().divide(tx.gasEstimate().max(BigInteger.ONE));
      return BigInteger.valueOf(v1GasPerToken(items.size())).multiply(feePerGas);
    }

    /** Gas per token as a share of {@link #v1GasPerToken}'s for this size, two decimals: 0.26. */
    public BigDecimal shareOfVersionOne() {
      return new BigDecimal(gasPerToken())
          .divide(BigDecimal.valueOf(v1GasPerToken(items.size())), 2, RoundingMode.HALF_UP);
    }
  }

  /** How many tokens all batches mint. */
  public int tokenCount() {
    return batches.stream().mapToInt(b -> b.items().size()).sum();
  }

  /** Every asset's content, in plan order. */
  public List<Publishable> contents() {
    return batches.stream().flatMap(b -> b.items().stream()).map(Item::content).toList();
  }

  /** Gas all batches are estimated to use. */
  public BigInteger gasEstimate() {
    return sum(b -> b.tx().gasEstimate());
  }

  /** The likely cost of all batches at the current base fee, in wei. */
  public BigInteger expectedCost() {
    return sum(b -> b.tx().expectedCost());
  }

  /** The most all batches can cost together, in wei. */
  public BigInteger maxCost() {
    return sum(b -> b.tx().maxCost());
  }

  private BigInteger sum(java.util.function.Function<Batch, BigInteger> f) {
    return batches.stream().map(f).reduce(BigInteger.ZERO, BigInteger::add);
  }

  /**
   * Gas per token of a version 1 collection minting {@code n} tokens in one {@code mintBatch} (one
   * token: {@code mintWithProvenance}), records off-chain: the figures {@code atelier bench --gas}
   * measured on Anvil 1.7.1 (348,352 for 1, 318,294 for 10, 315,420 for 50 and more; between them
   * the smaller batch's figure), not an estimate on this chain. Version 1 fits at most 53 tokens in
   * one transaction.
   */
  public static long v1GasPerToken(int n) {
    if (n >= 50) {
      return 315_420;
    }
    return n >= 10 ? 318_294 : 348_352;
  }
}
