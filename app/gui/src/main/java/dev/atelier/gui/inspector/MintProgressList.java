package dev.atelier.gui.inspector;

import dev.atelier.catalog.MintJob;
import dev.atelier.mint.OnChainProvenance;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Each asset's mint as the mint panel lists it, one row an asset, updated as its job moves. */
final class MintProgressList {

  private final ObservableList<MintProgress> rows = FXCollections.observableArrayList();
  private final ObservableList<MintProgress> view = FXCollections.unmodifiableObservableList(rows);

  /** The rows, read-only. */
  ObservableList<MintProgress> view() {
    return view;
  }

  /** One waiting row for each asset a plan mints. */
  void waitFor(List<Long> assetIds) {
    rows.setAll(assetIds.stream().map(id -> new MintProgress(id, null, null, "waiting")).toList());
  }

  void clear() {
    rows.clear();
  }

  /** Replaces the row of the same asset, or adds one. */
  void put(MintProgress row) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).assetId() == row.assetId()) {
        rows.set(i, row);
        return;
      }
    }
    rows.add(row);
  }

  /** A job's row in words; {@code check} is its token's on-chain check, or null. */
  static MintProgress row(MintJob job, OnChainProvenance check) {
    String detail =
        switch (job.state()) {
          case PENDING -> "preparing";
          case SIGNED -> "signed, sending";
          case SENT -> "sent " + MintViewModel.shortHash(job.txHash()) + ", waiting for a block";
          case CONFIRMED ->
              "token #"
                  + MintViewModel.shortHash(job.tokenId())
                  + " in block "
                  + job.blockNumber()
                  + checked(check);
          case FAILED -> job.error();
        };
    return new MintProgress(job.assetId(), job.state(), job.tokenId(), detail);
  }

  private static String checked(OnChainProvenance check) {
    if (check == null) {
      return "";
    }
    return " · "
        + check.tokenUri()
        + (check.verified()
            ? " · provenance verified on-chain"
            : " · provenance NOT verified: " + String.join("; ", check.problems()));
  }
}
