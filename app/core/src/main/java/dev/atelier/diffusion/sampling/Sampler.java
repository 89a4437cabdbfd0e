package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import java.util.concurrent.CancellationException;

/** Turns noise into samples by running a diffusion model's reverse process. */
public interface Sampler {

  /**
   * Runs {@code run.steps()} model evaluations on the whole batch of variants.
   *
   * @return the clean samples x0, float32 (N, variantShape...), attached to {@code run.manager()};
   *     everything else the run created has been closed
   * @throws CancellationException if {@code run.cancellation()} was cancelled; checked before every
   *     step, and nothing the run created is left open
   */
  NDArray sample(SamplingRun run);
}
