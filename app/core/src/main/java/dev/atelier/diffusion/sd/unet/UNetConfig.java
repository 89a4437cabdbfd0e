package dev.atelier.diffusion.sd.unet;

import java.util.List;
import java.util.Set;

/**
 * The shape of a Stable Diffusion 1.x UNet (LDM's {@code openaimodel.UNetModel} with spatial
 * transformers): how many channels go in and out, the base channel count and its multiplier per
 * resolution level, how many residual blocks each level has, and where cross-attention sits.
 *
 * @param inChannels latent channels in (4; 9 for the inpainting variant, which also takes the
 *     masked image's latents and the mask)
 * @param outChannels predicted-noise channels (4)
 * @param modelChannels channels at the first level; the timestep embedding is four times this
 * @param channelMult per level, the channel count as a multiple of {@code modelChannels}; the
 *     latents are halved in size between levels
 * @param resBlocks residual blocks per level on the way down (one more on the way up)
 * @param attentionLevels the levels (0 = full resolution) whose residual blocks are each followed
 *     by a spatial transformer; the middle block always has one
 * @param heads attention heads in every transformer (head width = channels / heads)
 * @param transformerDepth transformer blocks per spatial transformer
 * @param contextDim width of the text conditioning the cross-attention reads
 * @param groups group-norm groups
 */
public record UNetConfig(
    int inChannels,
    int outChannels,
    int modelChannels,
    List<Integer> channelMult,
    int resBlocks,
    Set<Integer> attentionLevels,
    int heads,
    int transformerDepth,
    int contextDim,
    int groups) {

  public UNetConfig {
    channelMult = List.copyOf(channelMult);
    attentionLevels = Set.copyOf(attentionLevels);
    requirePositive(inChannels, "inChannels");
    requirePositive(outChannels, "outChannels");
    requirePositive(modelChannels, "modelChannels");
    requirePositive(resBlocks, "resBlocks");
    requirePositive(heads, "heads");
    requirePositive(transformerDepth, "transformerDepth");
    requirePositive(contextDim, "contextDim");
    requirePositive(groups, "groups");
    if (channelMult.isEmpty()) {
      throw new IllegalArgumentException("channelMult is empty");
    }
    if (modelChannels % 2 != 0 || modelChannels % groups != 0) {
      throw new IllegalArgumentException(
          "modelChannels " + modelChannels + " must be even and split into " + groups + " groups");
    }
    for (int level = 0; level < channelMult.size(); level++) {
      int mult = channelMult.get(level);
      requirePositive(mult, "channelMult");
      int channels = modelChannels * mult;
      if (channels % heads != 0) {
        throw new IllegalArgumentException(channels + " channels do not split into " + heads);
      }
    }
    for (int level : attentionLevels) {
      if (level < 0 || level >= channelMult.size()) {
        throw new IllegalArgumentException("No level " + level + " for attention");
      }
    }
  }

  /** Stable Diffusion 1.x (1.4, 1.5 and their fine-tunes). */
  public static UNetConfig sd15() {
    return new UNetConfig(4, 4, 320, List.of(1, 2, 4, 4), 2, Set.of(0, 1, 2), 8, 1, 768, 32);
  }

  /**
   * The SD 1.x inpainting UNet: the same network with 9 input channels (noisy latents, the masked
   * image's latents, and the mask).
   */
  public static UNetConfig sd15Inpainting() {
    return sd15().withInChannels(9);
  }

  /** This configuration with another input channel count. */
  public UNetConfig withInChannels(int channels) {
    return new UNetConfig(
        channels,
        outChannels,
        modelChannels,
        channelMult,
        resBlocks,
        attentionLevels,
        heads,
        transformerDepth,
        contextDim,
        groups);
  }

  /** Resolution levels (4 for SD 1.x). */
  public int levels() {
    return channelMult.size();
  }

  /** Channels of the residual blocks at {@code level}. */
  public int channels(int level) {
    return modelChannels * channelMult.get(level);
  }

  /** Width of the timestep embedding the residual blocks read. */
  public int timeEmbedDim() {
    return 4 * modelChannels;
  }

  /** Latent height and width must be multiples of this (8 for SD 1.x). */
  public int sizeMultiple() {
    return 1 << (levels() - 1);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
