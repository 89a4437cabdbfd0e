package dev.atelier.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * What an inpainting model ({@link DiffusionModel#takesMask()}) is shown besides the noisy sample:
 * the start picture blanked where it is painted again, and where that is, at the samples' size. For
 * Stable Diffusion's inpainting UNet the picture is encoded by the VAE and the UNet's input is
 * {@code cat([sample, mask, picture latents])} along the channels (runwayml's {@code
 * LatentInpaintDiffusion}, diffusers' {@code StableDiffusionInpaintPipeline}).
 *
 * <p>Without a mask such a model is shown everything to be painted: a mask of ones and a picture of
 * zeros, which is text-to-image for it (as diffusers and web UI run an inpainting checkpoint
 * without a mask).
 *
 * @param pixels (1, 3, H, W) float32 in [-1, 1]: the picture with 0 where it is painted again
 *     ({@link SoftMask#maskedPixels})
 * @param mask (1, 1, h, w) float32 at the samples' size: 1 painted again, 0 kept ({@link
 *     SoftMask#atSampleSize})
 */
public record MaskedPicture(NDArray pixels, NDArray mask) {

  public MaskedPicture {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(mask, "mask");
    Shape p = pixels.getShape();
    Shape m = mask.getShape();
    if (p.dimension() != 4 || p.get(0) != 1 || p.get(1) != 3) {
      throw new IllegalArgumentException("The masked picture must be (1, 3, H, W), not " + p);
    }
    if (m.dimension() != 4 || m.get(0) != 1 || m.get(1) != 1) {
      throw new IllegalArgumentException("The mask must be (1, 1, h, w), not " + m);
    }
  }
}
