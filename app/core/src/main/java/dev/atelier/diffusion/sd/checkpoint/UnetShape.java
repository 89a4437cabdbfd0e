package dev.atelier.diffusion.sd.checkpoint;

import java.util.List;

/**
 * The UNet's geometry as read from its weights' keys and shapes, in the terms of the LDM
 * configuration files.
 *
 * @param inChannels channels of the input convolution (4; 9 for inpainting: latent, mask, masked
 *     image latent)
 * @param outChannels channels of the output convolution (4)
 * @param modelChannels channels of the first level (320 for SD 1.x)
 * @param channelMult channels of each level as multiples of {@code modelChannels} ([1, 2, 4, 4])
 * @param resBlocksPerLevel residual blocks per level on the way down (2)
 * @param transformerDepth transformer blocks in each level's spatial transformers, 0 where a level
 *     has none ([1, 1, 1, 0])
 * @param contextDim width of the text conditioning that cross-attention reads (768 for SD 1.x)
 * @param admInChannels width of the extra conditioning vector ({@code label_emb}), 0 when absent
 *     (SDXL has one)
 */
public record UnetShape(
    int inChannels,
    int outChannels,
    int modelChannels,
    List<Integer> channelMult,
    int resBlocksPerLevel,
    List<Integer> transformerDepth,
    int contextDim,
    int admInChannels) {

  public UnetShape {
    channelMult = List.copyOf(channelMult);
    transformerDepth = List.copyOf(transformerDepth);
  }
}
