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
 * @param start a clean sample to start from (image-to-image), possibly with a mask of what to keep
 *     (inpainting), or null to start from pure noise
 */
public record SamplingRun(
    GuidedModel model,
    NoiseSource noise,
    Shape variantShape,
    int steps,
    NDManager manager,
    StepListener listener,
    CancellationToken cancellation,
    Start start) {

  /**
   * Image-to-image: sampling starts from {@code clean} noised to the level where a run of {@code
   * steps} would be after its first {@code steps - round down(steps × strength)} steps, and runs
   * only the rest (as diffusers' img2img pipelines count them). Strength 1 starts at the noisiest
   * level, where little of the image is left; a low strength keeps most of it.
   *
   * <p>Inpainting by blending: with a {@code mask}, after every step the region the mask keeps (0)
   * is set to {@code clean} noised to the level that step reached, with the run's first noise draw
   * ({@link #keepOutsideMask}); only where the mask is 1 does the sample come from the model. After
   * the last step the kept region is {@code clean} exactly.
   *
   * @param clean (1, variantShape...) or (N, variantShape...): the encoded picture, shared by every
   *     variant when its first dimension is 1
   * @param strength how much of the schedule runs, in (0, 1]
   * @param mask null, or (1, 1 or C, h, w) at the samples' size, 1 where the model paints and 0
   *     where the picture is kept (values between blend the two); owned by the caller
   */
  public record Start(NDArray clean, double strength, NDArray mask) {
    public Start {
      Objects.requireNonNull(clean, "clean");
      if (!(strength > 0 && strength <= 1)) {
        throw new IllegalArgumentException("Strength must be above 0 and at most 1: " + strength);
      }
      if (mask != null) {
        Shape m = mask.getShape();
        Shape c = clean.getShape();
        if (m.dimension() != c.dimension()
            || m.get(0) != 1
            || (m.get(1) != 1 && m.get(1) != c.get(1))
            || !m.slice(2).equals(c.slice(2))) {
          throw new IllegalArgumentException(
              "The mask " + m + " does not fit the start sample " + c);
        }
      }
    }

    /** A start without a mask: the whole sample is sampled. */
    public Start(NDArray clean, double strength) {
      this(clean, strength, null);
    }

    /**
     * How many of a {@code steps}-step schedule's steps run: {@link #stepsRun(int, double)}.
     *
     * @throws IllegalArgumentException when that is none
     */
    public int stepsRun(int steps) {
      return requireSteps(steps, strength);
    }

    /**
     * How many of a {@code steps}-step schedule's steps a start at {@code strength} runs: steps ×
     * strength rounded down, computed in doubles as diffusers does ({@code int(num_inference_steps
     * * strength)}), so that the same settings run the same steps there (0.29 × 100 is 28 in both);
     * 0 when that is less than one step. The one place this rule lives: requests, the studio's
     * counts and the samplers all ask it.
     */
    public static int stepsRun(int steps, double strength) {
      return Math.min((int) (steps * strength), steps);
    }

    /**
     * {@link #stepsRun(int, double)}, refused when it is none.
     *
     * @throws IllegalArgumentException saying how many steps this strength needs
     */
    public static int requireSteps(int steps, double strength) {
      int run = stepsRun(steps, strength);
      if (run < 1) {
        throw new IllegalArgumentException(
            "At strength "
                + strength
                + " a "
                + steps
                + "-step run would not run a single step: raise the strength or the steps (at"
                + " least "
                + (int) Math.ceil(1 / strength)
                + " steps at this strength)");
      }
      return run;
    }
  }

  /** A run from pure noise. */
  public SamplingRun(
      GuidedModel model,
      NoiseSource noise,
      Shape variantShape,
      int steps,
      NDManager manager,
      StepListener listener,
      CancellationToken cancellation) {
    this(model, noise, variantShape, steps, manager, listener, cancellation, null);
  }

  public SamplingRun {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(noise, "noise");
    Objects.requireNonNull(variantShape, "variantShape");
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
    if (start != null) {
      Shape clean = start.clean().getShape();
      boolean shared = clean.get(0) == 1;
      if (clean.dimension() != variantShape.dimension() + 1
          || !clean.slice(1).equals(variantShape)
          || (!shared && clean.get(0) != noise.variants())) {
        throw new IllegalArgumentException(
            "The start sample "
                + clean
                + " does not match "
                + noise.variants()
                + " variants of "
                + variantShape);
      }
    }
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
    return new SamplingRun(
        model, noise, variantShape, steps, manager, newListener, cancellation, start);
  }

  public SamplingRun withCancellation(CancellationToken newCancellation) {
    return new SamplingRun(
        model, noise, variantShape, steps, manager, listener, newCancellation, start);
  }

  /** The same run starting from {@code newStart} (null: from pure noise). */
  public SamplingRun withStart(Start newStart) {
    return new SamplingRun(
        model, noise, variantShape, steps, manager, listener, cancellation, newStart);
  }

  /**
   * The index of the first step a schedule of {@code scheduleSteps} steps runs: 0 from pure noise,
   * else the steps {@link Start#stepsRun} skips.
   */
  int firstStep(int scheduleSteps) {
    return start == null ? 0 : scheduleSteps - start.stepsRun(scheduleSteps);
  }

  /**
   * The starting sample in VP scale at a level with {@code alphaBar}: the first noise draw itself,
   * or with a {@link Start}, {@code sqrt(alphaBar) clean + sqrt(1 - alphaBar) noise} (the forward
   * process, DDPM eq. 4) as a new array.
   *
   * @param noise the run's first draw ({@link #drawNoise}); with a start it stays open, for {@link
   *     #keepOutsideMask}
   */
  NDArray initialVp(NDManager target, NDArray noise, double alphaBar) {
    if (start == null) {
      return noise;
    }
    return mix(target, noise, Math.sqrt(alphaBar), Math.sqrt(1 - alphaBar));
  }

  /** {@code a clean + b noise}, a new array on {@code target}. */
  NDArray mix(NDManager target, NDArray noise, double a, double b) {
    try (NDManager scratch = target.newSubManager()) {
      NDArray clean = start.clean().duplicate();
      clean.attach(scratch);
      NDArray x = noise.mul((float) b).addi(clean.muli((float) a));
      x.attach(target);
      return x;
    }
  }

  /**
   * The one place inpainting's blend happens, called by every sampler after each step with the
   * sample {@code x} it reached and that step's level, written as the forward process {@code a
   * clean + b noise} ({@code a = sqrt(alphaBar)}, {@code b = sqrt(1 - alphaBar)} in VP scale;
   * {@code a = 1}, {@code b = sigma} in sigma space; {@code (1, 0)} after the last step). Where the
   * start's mask is 0 the result is exactly {@code a clean + b noise}, where it is 1 exactly {@code
   * x}: {@code x m + (a clean + b noise)(1 - m)}. Without a mask, {@code x} itself.
   *
   * @param x the sample after the step, on the step's manager (where the result goes too)
   * @param noise the run's first noise draw, the one the run started from: so the kept region
   *     follows the same noised picture all the way (as diffusers' inpainting pipeline re-noises
   *     its image latents with its initial noise), and the blend draws nothing from the noise
   *     source
   */
  NDArray keepOutsideMask(NDArray x, NDArray noise, double a, double b) {
    if (start == null || start.mask() == null) {
      return x;
    }
    NDManager m = x.getManager();
    try (NDManager scratch = m.newSubManager()) {
      NDArray kept =
          owned(noise.mul((float) b), scratch); // (N, ...): the clean part may be (1, ...)
      kept.addi(owned(start.clean().mul((float) a), scratch));
      NDArray keep = owned(start.mask().neg(), scratch).addi(1f);
      NDArray blended = x.mul(start.mask()).addi(kept.muli(keep));
      blended.attach(m);
      return blended;
    }
  }

  private static NDArray owned(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }

  /** Draws the next noise for every variant, (N, variantShape...), on {@code target}. */
  NDArray drawNoise(NDManager target) {
    return noise.next(target, variantShape);
  }
}
