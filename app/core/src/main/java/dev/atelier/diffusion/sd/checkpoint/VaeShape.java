package dev.atelier.diffusion.sd.checkpoint;

import java.util.List;

/**
 * The VAE's geometry as read from its weights.
 *
 * @param latentChannels channels of the latent image (4)
 * @param baseChannels channels of the first level (128)
 * @param channelMult channels of each level as multiples of {@code baseChannels} ([1, 2, 4, 4])
 * @param hasEncoder whether the encoder's weights are present (image-to-image needs them)
 */
public record VaeShape(
    int latentChannels, int baseChannels, List<Integer> channelMult, boolean hasEncoder) {

  public VaeShape {
    channelMult = List.copyOf(channelMult);
  }
}
