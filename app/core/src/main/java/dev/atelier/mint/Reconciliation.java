package dev.atelier.mint;

import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import java.util.List;

/**
 * What reconciling the unfinished mint jobs of one chain found.
 *
 * @param chainId the chain
 * @param jobs each unfinished job as it is now stored: {@code CONFIRMED} or {@code FAILED} when the
 *     chain settled it, {@code SENT} while its transaction waits to be mined
 * @param resent how many signed transactions the node did not know and were sent again (the same
 *     bytes, so the same hash and nonce: one mint at most)
 */
public record Reconciliation(long chainId, List<MintJob> jobs, int resent) {

  public Reconciliation {
    jobs = List.copyOf(jobs);
  }

  /** The jobs now in {@code state}. */
  public List<MintJob> in(State state) {
    return jobs.stream().filter(j -> j.state() == state).toList();
  }
}
