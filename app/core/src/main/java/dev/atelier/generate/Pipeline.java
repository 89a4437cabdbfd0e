package dev.atelier.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.GuidedModel;
import dev.atelier.diffusion.sampling.NoiseSource;
import dev.atelier.diffusion.sampling.SamplingRun;
import dev.atelier.engine.EngineInfo;
import dev.atelier.task.CancellationToken;
import java.time.Duration;
import java.util.List;

/**
 * Runs one generation request: encodes the prompt, samples every variant as one batch with
 * classifier-free guidance, reports progress and previews, decodes. All native memory of the
 * request lives in one manager that is closed when the request ends, however it ends.
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
   */
  public static Result generate(
      DiffusionModel model,
      GenerationRequest request,
      Listener listener,
      CancellationToken cancellation) {
    long start = System.nanoTime();
    Shape shape = model.sampleShape(request.width(), request.height());
    int n = request.variants();
    try (NDManager manager = EngineInfo.pytorch().newBaseManager()) {
      NDArray cond = model.encode(request.prompt(), n, manager);
      Denoiser denoiser = model.denoiser(cancellation);
      GuidedModel guided =
          request.guidance() == 1.0
              ? GuidedModel.unguided(denoiser, cond)
              : GuidedModel.guided(
                  denoiser,
                  cond,
                  model.encodeNegative(request.negativePrompt(), n, manager),
                  request.guidance());
      SamplingRun run =
          SamplingRun.of(
                  guided,
                  NoiseSource.seeded(request.variantSeeds()),
                  shape,
                  request.steps(),
                  manager)
              .withCancellation(cancellation)
              .withListener(
                  (step, total, denoised) -> {
                    listener.onStep(step, total);
                    int every = request.previewEvery();
                    if (every > 0 && step % every == 0 && step < total) {
                      listener.onPreview(step, total, model.preview(denoised));
                    }
                  });
      if (request.start() != null) {
        GenerationRequest.StartImage picture = request.start();
        NDArray clean =
            model.encodeImage(picture.image().cover(request.width(), request.height()), manager);
        run = run.withStart(new SamplingRun.Start(clean, picture.strength()));
      }
      NDArray samples = request.sampler().create().sample(run);
      List<RgbImage> images = model.decode(samples);
      return new Result(request, model.id(), images, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
