package dev.atelier.mint;

import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Minter#execute} left behind.
 *
 * @param jobs the job of every asset it got to, in plan order, in its last stored state: {@code
 *     CONFIRMED}, {@code FAILED} (with its error), or {@code SIGNED}/{@code SENT} when the receipt
 *     did not come in time or the node went away (reconciled later, never sent twice)
 * @param stopped why it stopped before the end of the plan; empty when it got through every asset
 * @param earlier the plan's {@link MintPlan#earlier() earlier} jobs as they are now stored: assets
 *     named but minted (or being minted) before this run
 */
public record MintOutcome(List<MintJob> jobs, Optional<String> stopped, List<MintJob> earlier) {

  public MintOutcome {
    jobs = List.copyOf(jobs);
    earlier = List.copyOf(earlier);
  }

  /** The jobs of this run in {@code state}. */
  public List<MintJob> in(State state) {
    return jobs.stream().filter(j -> j.state() == state).toList();
  }

  /** True when every asset of the plan was minted. */
  public boolean allConfirmed(int planned) {
    return stopped.isEmpty() && in(State.CONFIRMED).size() == planned;
  }
}
