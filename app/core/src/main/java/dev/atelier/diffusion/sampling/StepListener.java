package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;

/** Hears about every finished sampling step, for progress bars and live previews. */
@FunctionalInterface
public interface StepListener {

  /** A listener that ignores every step. */
  StepListener NONE = (step, totalSteps, denoised) -> {};

  /**
   * Called on the sampling thread after each model evaluation.
   *
   * @param step steps done so far, 1 to {@code totalSteps}
   * @param totalSteps model evaluations in the whole run
   * @param denoised the model's current prediction of the clean samples {@code x0}, (N, C, H, W),
   *     at data scale (the VP {@code x0}). Only valid during the call: it is closed with the step,
   *     so decode or copy it here (the pipeline decides every how many steps a preview is worth it)
   */
  void onStep(int step, int totalSteps, NDArray denoised);
}
