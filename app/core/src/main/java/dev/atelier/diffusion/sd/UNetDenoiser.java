package dev.atelier.diffusion.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.diffusion.sd.unet.SdUNet;
import dev.atelier.task.CancellationToken;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A checkpoint's UNet as the samplers see it: each evaluation holds the weights' read lock (a LoRA
 * merge waits for it) and polls for cancellation between the UNet's blocks. For an inpainting UNet,
 * {@code extra} (1, 5, h, w), the mask and the masked picture's latents, is joined to every input
 * after its own channels, once per row of the batch.
 */
final class UNetDenoiser implements Denoiser {

  private final SdUNet unet;
  private final NoiseSchedule schedule;
  private final ReadWriteLock weightsLock;
  private final CancellationToken cancel;
  private final NDArray extra;

  /**
   * @param extra null for an ordinary UNet; owned by the caller, open while this is used
   */
  UNetDenoiser(
      SdUNet unet,
      NoiseSchedule schedule,
      ReadWriteLock weightsLock,
      CancellationToken cancel,
      NDArray extra) {
    this.unet = unet;
    this.schedule = schedule;
    this.weightsLock = weightsLock;
    this.cancel = cancel;
    this.extra = extra;
  }

  /**
   * The inpainting UNet given {@code mask} (1, 1, h, w) and the masked picture's latents (1, 4, h,
   * w): every input becomes {@code cat([x, mask, pictureLatents])} along the channels, the order of
   * runwayml's {@code LatentInpaintDiffusion} (concat keys mask, masked_image) and diffusers'
   * inpainting pipeline. The joined array lives on the mask's manager.
   *
   * @throws IllegalArgumentException when the two are not (1, C, h, w) of one size
   */
  static UNetDenoiser inpainting(
      SdUNet unet,
      NoiseSchedule schedule,
      ReadWriteLock weightsLock,
      CancellationToken cancel,
      NDArray mask,
      NDArray pictureLatents) {
    Shape m = mask.getShape();
    Shape l = pictureLatents.getShape();
    if (m.dimension() != 4
        || l.dimension() != 4
        || m.get(0) != 1
        || l.get(0) != 1
        || !m.slice(2).equals(l.slice(2))) {
      throw new IllegalArgumentException(
          "The mask " + m + " is not the size of the masked picture's latents " + l);
    }
    return new UNetDenoiser(unet, schedule, weightsLock, cancel, mask.concat(pictureLatents, 1));
  }

  @Override
  public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
    NDArray input = extra == null ? x : withExtra(x);
    weightsLock.readLock().lock();
    try {
      return unet.predictNoise(input, timesteps, conditioning, cancel::throwIfCancelled);
    } finally {
      weightsLock.readLock().unlock();
    }
  }

  @Override
  public NoiseSchedule schedule() {
    return schedule;
  }

  /** {@code cat([x, extra repeated for each row of x])} along the channels, on x's manager. */
  private NDArray withExtra(NDArray x) {
    Shape s = x.getShape();
    if (s.dimension() != 4 || !s.slice(2).equals(extra.getShape().slice(2))) {
      throw new IllegalArgumentException(
          "Samples " + s + " are not the size of the inpainting input " + extra.getShape());
    }
    NDArray rows = extra.repeat(0, s.get(0));
    rows.attach(x.getManager());
    return x.concat(rows, 1);
  }
}
