package dev.atelier.bench;

import dev.atelier.bench.GasBench.Measurement;
import dev.atelier.bench.GasSweep.Figures;
import dev.atelier.bench.GasSweep.Row;
import java.util.Locale;

/**
 * The table of a {@link GasSweep}: one row per subject, one column per batch size, each cell the
 * gas per token and its multiple of the reference, then the largest batch under the cap.
 */
public final class GasSweepTable {

  private static final int NAME = 42;
  private static final String CELL = "%17s";

  private GasSweepTable() {}

  /** The table, then what the figures are and assume. */
  public static String describe(Figures figures) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Gas per token by tokens per transaction, and as a multiple of the %s:%n%n",
            figures.rows().getFirst().subject()));
    s.append(String.format(Locale.ROOT, "%-" + NAME + "s", ""));
    for (int n : figures.batchSizes()) {
      s.append(String.format(Locale.ROOT, CELL, "batch of " + n));
    }
    s.append(String.format(Locale.ROOT, "  %s%n", "largest batch under the cap"));
    for (Row row : figures.rows()) {
      s.append(String.format(Locale.ROOT, "%-" + NAME + "s", row.subject()));
      for (int n : figures.batchSizes()) {
        Measurement m = row.batches().get(n);
        s.append(String.format(Locale.ROOT, CELL, m == null ? "-" : cell(figures, m)));
      }
      Measurement largest = row.largest();
      s.append(
          String.format(
              Locale.ROOT,
              "  %6s: %s%n",
              GasBench.thousands(largest.tokens()),
              cell(figures, largest).strip()));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%nEach cell: one transaction's gasUsed (the 21 000 base and calldata included) over the"
                + " tokens it minted,%nafter %d single mints into the same contract; - : no batch"
                + " mint. The largest batch was found with%neth_estimateGas and sent with a gas"
                + " limit of exactly %s (EIP-7825); one more token does not fit.%n",
            GasBench.WARM_UP,
            GasBench.thousands(GasBench.TX_GAS_CAP)));
    return s.toString();
  }

  private static String cell(Figures figures, Measurement m) {
    return String.format(
        Locale.ROOT, "%s %6.2fx", GasBench.thousands(m.perToken()), figures.ratio(m));
  }
}
