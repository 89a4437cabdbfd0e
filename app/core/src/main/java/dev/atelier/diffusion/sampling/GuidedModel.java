package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import java.util.Objects;

/**
 * A {@link Denoiser} with its conditioning bound, and classifier-free guidance (Ho &amp; Salimans
 * 2022) when asked for: {@code eps = eps_u + g (eps_c - eps_u)}, where {@code eps_c} is the
 * prediction with the prompt's conditioning and {@code eps_u} with the unconditional (empty or
 * negative prompt) one.
 *
 * <p>Both predictions come from one batched forward pass over {@code [x; x]} with conditioning
 * {@code [uncond; cond]}, which is faster than two passes on every device. With guidance 1, or
 * without unconditional conditioning, the model runs once on {@code x} with {@code cond} alone.
 *
 * <p>The conditioning arrays stay owned by the caller, who keeps them open for the run.
 */
public final class GuidedModel {

  private final Denoiser denoiser;
  private final NDArray conditioning;
  private final NDArray unconditional;
  private final float scale;

  private GuidedModel(
      Denoiser denoiser, NDArray conditioning, NDArray unconditional, double scale) {
    this.denoiser = Objects.requireNonNull(denoiser, "denoiser");
    this.conditioning = conditioning;
    this.unconditional = unconditional;
    this.scale = (float) scale;
  }

  /**
   * The model on its own conditioning.
   *
   * @param conditioning (N, ...) one row per variant, or {@code null} for unconditional models
   */
  public static GuidedModel unguided(Denoiser denoiser, NDArray conditioning) {
    return new GuidedModel(denoiser, conditioning, null, 1.0);
  }

  /**
   * The model with classifier-free guidance.
   *
   * @param conditioning (N, ...) the prompt's conditioning, one row per variant
   * @param unconditional (N, ...) the unconditional or negative-prompt conditioning; {@code null}
   *     means no guidance
   * @param scale guidance scale g; 1 means no guidance, SD's usual is 7.5
   */
  public static GuidedModel guided(
      Denoiser denoiser, NDArray conditioning, NDArray unconditional, double scale) {
    Objects.requireNonNull(conditioning, "conditioning");
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("guidance scale must be finite: " + scale);
    }
    if (unconditional == null || scale == 1.0) {
      return unguided(denoiser, conditioning);
    }
    if (!unconditional.getShape().equals(conditioning.getShape())) {
      throw new IllegalArgumentException(
          "unconditional "
              + unconditional.getShape()
              + " and conditioning "
              + conditioning.getShape()
              + " must have the same shape");
    }
    return new GuidedModel(denoiser, conditioning, unconditional, scale);
  }

  public NoiseSchedule schedule() {
    return denoiser.schedule();
  }

  /** Whether each evaluation runs the model on a doubled batch. */
  public boolean isGuided() {
    return unconditional != null;
  }

  /**
   * The (guided) noise prediction for x at one timestep shared by the whole batch.
   *
   * @param x (N, C, H, W) float32 at VP scale
   * @param timestep continuous training timestep
   * @return eps (N, C, H, W) on {@code x.getManager()}, with every intermediate
   */
  public NDArray predictNoise(NDArray x, double timestep) {
    NDManager manager = x.getManager();
    long batch = x.getShape().get(0);
    checkBatch(conditioning, batch);
    if (!isGuided()) {
      NDArray t = manager.full(new Shape(batch), (float) timestep);
      return owned(denoiser.predictNoise(x, t, conditioning), manager);
    }
    NDArray doubledX = x.concat(x);
    NDArray doubledCond = owned(unconditional.concat(conditioning), manager);
    NDArray t = manager.full(new Shape(2 * batch), (float) timestep);
    NDArray both = owned(denoiser.predictNoise(doubledX, t, doubledCond), manager);
    NDList halves = both.split(2);
    NDArray epsUncond = halves.get(0);
    NDArray epsCond = halves.get(1);
    return epsUncond.add(epsCond.sub(epsUncond).mul(scale));
  }

  private static void checkBatch(NDArray conditioning, long batch) {
    if (conditioning != null && conditioning.getShape().get(0) != batch) {
      throw new IllegalArgumentException(
          "conditioning has "
              + conditioning.getShape().get(0)
              + " rows for a batch of "
              + batch
              + " variants");
    }
  }

  /** Moves an array into the step's manager so it is closed with the step. */
  private static NDArray owned(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }
}
