package dev.atelier.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.LatentResize;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.GuidedModel;
import dev.atelier.diffusion.sampling.NoiseSource;
import dev.atelier.diffusion.sampling.SamplingRun;
import dev.atelier.diffusion.sampling.StepListener;
import dev.atelier.engine.EngineInfo;
import dev.atelier.task.CancellationToken;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Runs one generation request: encodes the prompt, samples every variant as one batch with
 * classifier-free guidance, reports progress and previews, decodes, and for inpainting pastes the
 * result over the start picture ({@link Inpainting}). All native memory of the request lives in one
 * manager that is closed when the request ends, however it ends.
 */
public final class Pipeline {

  /** Progress of a request. Called on the generating thread. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** After every model evaluation. */
    default void onStep(int step, int totalSteps) {}

    /** Every {@code previewEvery} steps: the current guess of each finished variant. */
    default void onPreview(int step, int totalSteps, List<RgbImage> previews) {}
  }

  /** The pictures and how long they took. */
  public record Result(
      GenerationRequest request, String modelId, List<RgbImage> images, Duration elapsed) {

    /**
     * Model evaluations per second (each evaluation runs the whole batch; an image-to-image run
     * makes only {@link GenerationRequest#stepsRun()}).
     */
    public double stepsPerSecond() {
      return request.stepsRun() / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  private Pipeline() {}

  /**
   * Generates the request's variants.
   *
   * @throws java.util.concurrent.CancellationException when cancelled (checked every step)
   * @throws IllegalArgumentException when the model cannot make the requested size
   * @throws dev.atelier.engine.GpuMemoryException when the run does not fit in the GPU's memory,
   *     found before it starts or when the engine runs out during it
   */
  public static Result generate(
      DiffusionModel model,
      GenerationRequest request,
      Listener listener,
      CancellationToken cancellation) {
    long start = System.nanoTime();
    Shape shape = model.sampleShape(request.width(), request.height());
    if (request.hires() != null) {
      model.sampleShape(request.outputWidth(), request.outputHeight()); // refused before any work
    }
    RunMemory memory = RunMemory.on(model, request, EngineInfo.deviceInUse());
    memory.check();
    try {
      return run(model, request, listener, cancellation, shape, start);
    } catch (RuntimeException e) {
      throw memory.translate(e);
    }
  }

  private static Result run(
      DiffusionModel model,
      GenerationRequest request,
      Listener listener,
      CancellationToken cancellation,
      Shape shape,
      long start) {
    int n = request.variants();
    try (NDManager manager = EngineInfo.newManager()) {
      NDArray cond = model.encode(request.prompt(), n, manager);
      NDArray uncond =
          request.guidance() == 1.0
              ? null
              : model.encodeNegative(request.negativePrompt(), n, manager);
      Function<Denoiser, GuidedModel> guide =
          denoiser ->
              uncond == null
                  ? GuidedModel.unguided(denoiser, cond)
                  : GuidedModel.guided(denoiser, cond, uncond, request.guidance());
      RgbImage original =
          request.start() == null
              ? null
              : request.start().image().cover(request.width(), request.height());
      Inpainting inpainting = Inpainting.of(request, original);
      int firstPass = request.firstPassSteps();
      SamplingRun run =
          SamplingRun.of(
                  guide.apply(
                      inpainting.denoiser(
                          model, cancellation, manager, request.width(), request.height(), shape)),
                  NoiseSource.seeded(request.variantSeeds()),
                  shape,
                  request.steps(),
                  manager)
              .withCancellation(cancellation)
              .withListener(progress(model, request, listener, 0));
      if (request.start() != null) {
        NDArray clean = model.encodeImage(original, manager);
        run =
            run.withStart(
                inpainting.start(model, clean, request.start().strength(), manager, shape));
      }
      NDArray samples = request.sampler().create().sample(run);
      if (request.hires() != null) {
        Shape big = model.sampleShape(request.outputWidth(), request.outputHeight());
        GuidedModel larger =
            guide.apply(
                inpainting.denoiser(
                    model,
                    cancellation,
                    manager,
                    request.outputWidth(),
                    request.outputHeight(),
                    big));
        samples =
            refineLarger(
                request, run, larger, big, samples, progress(model, request, listener, firstPass));
      }
      List<RgbImage> images = inpainting.paste(model.decode(samples));
      return new Result(request, model.id(), images, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /**
   * Reports a pass's steps as steps of the whole request: the hires pass's come after the first
   * pass's {@code offset} steps, out of {@link GenerationRequest#stepsRun()}.
   */
  private static StepListener progress(
      DiffusionModel model, GenerationRequest request, Listener listener, int offset) {
    int total = request.stepsRun();
    return (step, passTotal, denoised) -> {
      int done = offset + step;
      listener.onStep(done, total);
      int every = request.previewEvery();
      if (every > 0 && done % every == 0 && done < total) {
        listener.onPreview(done, total, model.preview(denoised));
      }
    };
  }

  /**
   * Hires fix: {@code small} (the first pass's samples) scaled up to the larger size in the model's
   * own space, then refined from there by the same sampler at the hires strength, drawing on the
   * same noise sources (so the whole request stays a function of its seeds), with {@code model}:
   * the first pass's, or for a model that takes a mask, one shown the larger size.
   */
  private static NDArray refineLarger(
      GenerationRequest request,
      SamplingRun first,
      GuidedModel model,
      Shape big,
      NDArray small,
      StepListener listener) {
    NDArray upscaled =
        LatentResize.bilinear(
            small, (int) big.get(big.dimension() - 2), (int) big.get(big.dimension() - 1));
    small.close();
    SamplingRun second =
        new SamplingRun(
            model,
            first.noise(),
            big,
            request.steps(),
            first.manager(),
            listener,
            first.cancellation(),
            new SamplingRun.Start(upscaled, request.hires().strength()));
    NDArray refined = request.sampler().create().sample(second);
    upscaled.close();
    return refined;
  }
}
