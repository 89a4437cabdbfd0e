package dev.atelier.diffusion.sd.vae;

import java.util.List;

/**
 * The hyper-parameters of a Stable Diffusion VAE (LDM's AutoencoderKL): how many channels each
 * resolution level has, how many residual blocks it holds, and how latents are scaled for the
 * diffusion model.
 *
 * @param latentChannels channels of the latent (4 for SD 1.x)
 * @param baseChannels channels of the first level; level {@code i} has {@code baseChannels ·
 *     multipliers[i]}
 * @param multipliers one per resolution level, from full resolution down; every level but the last
 *     halves the resolution, so the latent is {@code 2^(levels-1)} times smaller than the image
 * @param resBlocks residual blocks per level in the encoder (the decoder has one more)
 * @param groups group-norm groups
 * @param epsilon group-norm epsilon
 * @param scalingFactor the diffusion model works on latents multiplied by this (0.18215 for SD 1.x)
 */
public record VaeConfig(
    int latentChannels,
    int baseChannels,
    List<Integer> multipliers,
    int resBlocks,
    int groups,
    float epsilon,
    float scalingFactor) {

  public VaeConfig {
    multipliers = List.copyOf(multipliers);
    if (latentChannels < 1 || baseChannels < 1 || resBlocks < 1 || groups < 1) {
      throw new IllegalArgumentException("VAE sizes must be positive");
    }
    if (multipliers.isEmpty() || multipliers.stream().anyMatch(m -> m < 1)) {
      throw new IllegalArgumentException("VAE multipliers must be positive: " + multipliers);
    }
    for (int m : multipliers) {
      if (baseChannels * m % groups != 0) {
        throw new IllegalArgumentException(
            baseChannels * m + " channels do not split into " + groups + " groups");
      }
    }
    if (!(epsilon > 0) || !(scalingFactor > 0)) {
      throw new IllegalArgumentException("VAE epsilon and scaling factor must be positive");
    }
  }

  /** SD 1.x (and its fine-tunes): 128 base channels, multipliers 1, 2, 4, 4, latents × 0.18215. */
  public static VaeConfig sd15() {
    return new VaeConfig(4, 128, List.of(1, 2, 4, 4), 2, 32, 1e-6f, 0.18215f);
  }

  /** How many resolution levels. */
  public int levels() {
    return multipliers.size();
  }

  /** Channels at level {@code level}. */
  public int channels(int level) {
    return baseChannels * multipliers.get(level);
  }

  /** The image side divided by the latent side: 8 for SD 1.x. */
  public int downFactor() {
    return 1 << (levels() - 1);
  }
}
