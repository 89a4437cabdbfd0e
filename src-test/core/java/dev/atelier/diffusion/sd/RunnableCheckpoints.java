package dev.atelier.diffusion.sd;

import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Small SD 1.x single-file checkpoints that run: every tensor the three networks need, in the real
 * LDM layout, with {@link RandomCheckpoint}'s seeded weights, which keep activations finite. The
 * text side is CLIP's real width (768, which marks the family) and vocabulary, with one layer; the
 * UNet and VAE have two narrow levels, so a 32×32 image takes a fraction of a second.
 */
public final class RunnableCheckpoints {

  /** Two levels of 32 and 64 channels, one residual block each, attention on both. */
  public static final UNetConfig UNET =
      new UNetConfig(4, 4, 32, List.of(1, 2), 1, java.util.Set.of(0, 1), 8, 1, 768, 32);

  /** Two levels of 32 channels: images are twice the latents' size. */
  public static final VaeConfig VAE = new VaeConfig(4, 32, List.of(1, 1), 2, 32, 1e-6f, 0.18215f);

  /** CLIP ViT-L/14's text geometry with one layer. */
  public static final ClipTextConfig TEXT =
      new ClipTextConfig(49408, 768, 1, 12, 77, 3072, ClipTextConfig.Activation.QUICK_GELU, 1e-5f);

  private RunnableCheckpoints() {}

  /**
   * Writes the checkpoint as F16 with weights drawn from {@code seed} ({@link RandomCheckpoint}).
   */
  public static Path write(Path file, long seed) throws IOException {
    return write(file, seed, UNET);
  }

  /** The same with an inpainting UNet (9 input channels: latents, mask, masked picture). */
  public static Path writeInpainting(Path file, long seed) throws IOException {
    return write(file, seed, UNET.withInChannels(9));
  }

  private static Path write(Path file, long seed, UNetConfig unet) throws IOException {
    RandomCheckpoint.write(
        file,
        new RandomCheckpoint.Architecture(unet, VAE, TEXT),
        new RandomCheckpoint.Options(seed, Dtype.F16, RandomCheckpoint.Fill.RANDOM),
        null,
        null);
    return file;
  }
}
