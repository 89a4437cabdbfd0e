package dev.atelier.mint;

import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * This reconciliation followed by a {@code later} one of the same chain, as one: each job in its
   * latest state, the transactions sent again by both counted.
   */
  public Reconciliation then(Reconciliation later) {
    if (later.chainId != chainId) {
      throw new IllegalArgumentException("Chain " + later.chainId + " is not chain " + chainId);
    }
    Map<Long, MintJob> byId = new LinkedHashMap<>();
    jobs.forEach(j -> byId.put(j.id(), j));
    later.jobs.forEach(j -> byId.put(j.id(), j));
    return new Reconciliation(chainId, List.copyOf(byId.values()), resent + later.resent);
  }

  /**
   * In words, the same wherever jobs are settled: "2 confirmed, 0 failed, 1 waiting, 1 sent again".
   */
  public String summary() {
    return in(State.CONFIRMED).size()
        + " confirmed, "
        + in(State.FAILED).size()
        + " failed, "
        + in(State.SENT).size()
        + " waiting, "
        + resent
        + " sent again";
  }
}
