package dev.atelier.cli;

import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.ethereum.Ether;
import dev.atelier.mint.BatchPlan;
import java.io.PrintWriter;

/** A version 2 mint plan in words: each batch with its gas, fee and cost per token against v1. */
final class BatchPlanText {

  private BatchPlanText() {}

  static void print(BatchPlan plan, String network, PrintWriter out) {
    out.printf(
        "Mint %d asset(s) into %s (%s, version 2) %s on %s as %s, in %d batch(es) of one"
            + " transaction each (at most %,d gas a transaction)%n",
        plan.tokenCount(),
        plan.collection().name(),
        plan.collection().symbol(),
        plan.collection().address(),
        network,
        plan.from(),
        plan.batches().size(),
        plan.gasCap());
    for (MintJob job : plan.earlier()) {
      out.printf(
          "  asset %d: %s, left out%n",
          job.assetId(),
          job.state() == State.CONFIRMED
              ? "already token " + job.tokenId()
              : "being minted (job " + job.id() + ", " + job.state() + ")");
    }
    int n = 1;
    for (BatchPlan.Batch batch : plan.batches()) {
      out.printf(
          "  batch %d: %d token(s), license %s, assets %s%n",
          n++,
          batch.items().size(),
          batch.signed().licenseId(),
          batch.items().stream().map(i -> Long.toString(i.assetId())).toList());
      out.printf(
          "    %s%n",
          ChainOptions.cost(
              batch.tx().gasEstimate(),
              batch.tx().expectedCost(),
              batch.tx().maxCost(),
              batch.tx()));
      out.printf(
          "    per token: gas ≈ %,d, expected %s; version 1 would take ≈ %,d gas, %s"
              + " (%s× of a version 1 mint)%n",
          batch.gasPerToken(),
          Ether.format(batch.expectedCostPerToken()),
          BatchPlan.v1GasPerToken(batch.items().size()),
          Ether.format(batch.v1ExpectedCostPerToken()),
          batch.shareOfVersionOne().toPlainString());
    }
    out.printf(
        "In all: %s%n",
        ChainOptions.cost(
            plan.gasEstimate(),
            plan.expectedCost(),
            plan.maxCost(),
            plan.batches().getFirst().tx()));
    out.println(
        "Version 1 figures are those atelier bench --gas measured for a version 1 batch of the"
            + " same size (Anvil 1.7.1), priced at the same fee; they are not estimated on this"
            + " chain.");
    out.flush();
  }
}
