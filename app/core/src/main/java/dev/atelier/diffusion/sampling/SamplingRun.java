package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.task.CancellationToken;
import java.util.Objects;

/**
 * Everything one sampling run needs. Single use: the noise source advances as the run draws from
 * it.
 *
 * @param model the (possibly guided) model
 * @param noise initial and per-step noise; its seed count is the batch size N
 * @param variantShape the shape of one variant, e.g. (4, 64, 64) for SD latents
 * @param steps model evaluations, at least 1
 * @param manager receives the result; the run's intermediates live in sub-managers of it
 * @param listener hears about every step
 * @param cancellation polled before every step
 */
public record SamplingRun(
    GuidedModel model,
    NoiseSource noise,
    Shape variantShape,
    int steps,
    NDManager manager,
    StepListener listener,
    CancellationToken cancellation) {

  public SamplingRun {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(noise, "noise");
    Objects.requireNonNull(variantShape, "variantShape");
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1: " + steps);
    }
  }

  /** A run without listener or cancellation. */
  public static SamplingRun of(
      GuidedModel model, NoiseSource noise, Shape variantShape, int steps, NDManager manager) {
    return new SamplingRun(
        model, noise, variantShape, steps, manager, StepListener.NONE, CancellationToken.NONE);
  }

  public SamplingRun withListener(StepListener newListener) {
    return new SamplingRun(model, noise, variantShape, steps, manager, newListener, cancellation);
  }

  public SamplingRun withCancellation(CancellationToken newCancellation) {
    return new SamplingRun(model, noise, variantShape, steps, manager, listener, newCancellation);
  }

  /** Draws the next noise for every variant, (N, variantShape...), on {@code target}. */
  NDArray drawNoise(NDManager target) {
    return noise.next(target, variantShape);
  }
}
