package dev.atelier.diffusion.tiny;

import dev.atelier.diffusion.sampling.NoiseSchedule;

/**
 * The noise schedule the built-in model is trained and sampled with: the cosine schedule of Nichol
 * &amp; Dhariwal (2021) over 1000 steps. Recorded in {@code model.json} as {@code "schedule":
 * "cosine"}.
 */
public final class TinySchedule {

  public static final String NAME = "cosine";
  public static final int TRAIN_STEPS = 1000;

  private TinySchedule() {}

  public static NoiseSchedule schedule() {
    return NoiseSchedule.cosine(TRAIN_STEPS);
  }

  /** ᾱ for t = 0 … 999. */
  public static double[] alphasCumprod() {
    NoiseSchedule s = schedule();
    double[] out = new double[TRAIN_STEPS];
    for (int t = 0; t < TRAIN_STEPS; t++) {
      out[t] = s.alphaBar(t);
    }
    return out;
  }
}
