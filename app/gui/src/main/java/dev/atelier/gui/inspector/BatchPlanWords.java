package dev.atelier.gui.inspector;

import dev.atelier.ethereum.Ether;
import dev.atelier.mint.BatchPlan;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A version 2 mint plan in the mint panel's words, as {@code atelier mint} prints it: each batch
 * with its tokens and license, its gas and fee, and its cost per token next to what version 1 would
 * take per token.
 */
final class BatchPlanWords {

  /** Where the version 1 figures come from, shown under the batches. */
  static final String V1_NOTE =
      "Version 1 figures are those measured for a version 1 batch of the same size (Anvil 1.7.1),"
          + " priced at the same fee; they are not estimated on this chain.";

  private BatchPlanWords() {}

  /**
   * One batch of a plan, in words.
   *
   * @param title its number, tokens and license
   * @param fee its gas and EIP-1559 fee
   * @param perToken its gas and cost per token, and version 1's beside them
   */
  record Line(String title, String fee, String perToken) {}

  /** Every batch of {@code plan}, in order. */
  static List<Line> lines(BatchPlan plan) {
    List<Line> lines = new ArrayList<>();
    int n = 1;
    for (BatchPlan.Batch batch : plan.batches()) {
      lines.add(
          new Line(
              String.format(
                  "Batch %d: %d token(s), license %s",
                  n++, batch.items().size(), batch.signed().licenseId()),
              cost(batch),
              perToken(batch)));
    }
    return lines;
  }

  /** The whole plan in one line: tokens, batches and what all of them cost. */
  static String summary(BatchPlan plan) {
    int tokens = plan.tokenCount();
    int batches = plan.batches().size();
    return (tokens == 1 ? "1 token" : tokens + " tokens")
        + " in "
        + (batches == 1 ? "1 batch" : batches + " batches")
        + " · "
        + MintViewModel.cost(plan.gasEstimate(), plan.expectedCost(), plan.maxCost());
  }

  private static String cost(BatchPlan.Batch batch) {
    return String.format(
        "Gas ≈ %,d; expected cost %s, at most %s (base fee %s + tip %s)",
        batch.tx().gasEstimate(),
        Ether.format(batch.tx().expectedCost()),
        Ether.format(batch.tx().maxCost()),
        gwei(batch.tx().baseFeePerGas()),
        gwei(batch.tx().maxPriorityFeePerGas()));
  }

  private static String perToken(BatchPlan.Batch batch) {
    long v1Gas = BatchPlan.v1GasPerToken(batch.items().size());
    return String.format(
        "Per token: gas ≈ %,d, expected %s; version 1 would take ≈ %,d gas, %s (%s× of a version 1"
            + " mint)",
        batch.gasPerToken(),
        Ether.format(batch.expectedCostPerToken()),
        v1Gas,
        Ether.format(batch.v1ExpectedCostPerToken()),
        batch.shareOfVersionOne().toPlainString());
  }

  /** Wei per gas as gwei with three decimals. */
  private static String gwei(BigInteger wei) {
    return new BigDecimal(wei, 9).setScale(3, RoundingMode.HALF_UP).toPlainString() + " gwei";
  }
}
