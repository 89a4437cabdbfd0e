package dev.atelier.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.MaskedPicture;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.SoftMask;
import dev.atelier.diffusion.sampling.SamplingRun;
import dev.atelier.task.CancellationToken;
import java.util.List;

/**
 * What a request's mask, and an inpainting model, change in one generation:
 *
 * <ul>
 *   <li>A model that {@linkplain DiffusionModel#takesMask() takes a mask} is shown the start
 *       picture blanked where it is painted again, and the mask at the samples' size; with no mask
 *       in the request, a picture of zeros and a mask of ones (everything is painted), as diffusers
 *       and web UI run such a model for text-to-image.
 *   <li>Any other model is inpainted by blending: the samplers keep the start picture where the
 *       mask, at the samples' size, is 0 ({@link SamplingRun.Start#mask()}).
 *   <li>Either way the generated pixels are pasted over the start picture through the blurred mask
 *       ({@link SoftMask#paste}), so that the kept part is the start picture's exact pixels.
 * </ul>
 */
final class Inpainting {

  private final SoftMask mask;
  private final RgbImage original;

  private Inpainting(SoftMask mask, RgbImage original) {
    this.mask = mask;
    this.original = original;
  }

  /**
   * The request's inpainting at its size.
   *
   * @param original the start picture at the request's size, or null without one
   */
  static Inpainting of(GenerationRequest request, RgbImage original) {
    GenerationRequest.InpaintMask m = request.mask();
    if (m == null) {
      return new Inpainting(null, original);
    }
    return new Inpainting(
        SoftMask.of(m.mask(), request.width(), request.height(), m.blur()), original);
  }

  /** The model's denoiser for a pass making {@code width}×{@code height} pictures. */
  Denoiser denoiser(
      DiffusionModel model,
      CancellationToken cancel,
      NDManager manager,
      int width,
      int height,
      Shape sampleShape) {
    if (!model.takesMask()) {
      return model.denoiser(cancel);
    }
    int sampleHeight = (int) sampleShape.get(sampleShape.dimension() - 2);
    int sampleWidth = (int) sampleShape.get(sampleShape.dimension() - 1);
    boolean masked = mask != null && mask.width() == width && mask.height() == height;
    MaskedPicture picture =
        masked
            ? new MaskedPicture(
                mask.maskedPixels(manager, original),
                mask.atSampleSize(manager, sampleWidth, sampleHeight))
            : new MaskedPicture(
                manager.zeros(new Shape(1, 3, height, width)),
                manager.ones(new Shape(1, 1, sampleHeight, sampleWidth)));
    return model.denoiser(cancel, picture);
  }

  /**
   * Where the run starts: the encoded picture, with the mask to blend by when there is a mask and
   * the model does not take it itself.
   */
  SamplingRun.Start start(
      DiffusionModel model, NDArray clean, double strength, NDManager manager, Shape sampleShape) {
    if (mask == null || model.takesMask()) {
      return new SamplingRun.Start(clean, strength);
    }
    NDArray cells =
        mask.atSampleSize(
            manager,
            (int) sampleShape.get(sampleShape.dimension() - 1),
            (int) sampleShape.get(sampleShape.dimension() - 2));
    return new SamplingRun.Start(clean, strength, cells);
  }

  /** The pictures pasted over the start picture through the blurred mask; as they are without. */
  List<RgbImage> paste(List<RgbImage> generated) {
    return mask == null ? generated : mask.paste(generated, original);
  }
}
