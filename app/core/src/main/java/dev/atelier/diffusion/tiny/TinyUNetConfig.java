package dev.atelier.diffusion.tiny;

import java.util.List;

/**
 * Shape of the built-in model. Stored in its {@code model.json} so weights always load into the
 * architecture they were trained with.
 *
 * @param imageSize side of the square images, in pixels
 * @param patch pixels per side folded into channels before the UNet (space-to-depth), so a 64 px
 *     image runs through a 32×32 network
 * @param channels feature channels at each resolution level, finest first
 * @param blocksPerLevel residual blocks per level on the way down (one more on the way up)
 * @param embedDim width of the timestep and label embedding
 * @param groups groups of each group normalisation
 * @param styles number of style labels (one more index means "no style")
 * @param palettes number of palette labels (one more index means "no palette")
 * @param prediction what the network outputs: the noise or the velocity ({@link Prediction});
 *     manifests without it are noise predictors
 * @param refineChannels width of the full-resolution refinement stage after the UNet (see {@link
 *     TinyUNet}), 0 for none (manifests without it have none)
 */
public record TinyUNetConfig(
    int imageSize,
    int patch,
    List<Integer> channels,
    int blocksPerLevel,
    int embedDim,
    int groups,
    int styles,
    int palettes,
    Prediction prediction,
    int refineChannels) {

  public TinyUNetConfig {
    channels = List.copyOf(channels);
    prediction = prediction == null ? Prediction.EPSILON : prediction;
    if (refineChannels < 0 || (refineChannels > 0 && refineChannels % groups != 0)) {
      throw new IllegalArgumentException(
          "Refinement channels must be 0 or a multiple of " + groups + ", not " + refineChannels);
    }
    int scale = patch << (channels.size() - 1);
    if (imageSize % scale != 0) {
      throw new IllegalArgumentException(
          "Image size " + imageSize + " must be a multiple of " + scale);
    }
  }

  /** A network without the refinement stage. */
  public TinyUNetConfig(
      int imageSize,
      int patch,
      List<Integer> channels,
      int blocksPerLevel,
      int embedDim,
      int groups,
      int styles,
      int palettes,
      Prediction prediction) {
    this(
        imageSize,
        patch,
        channels,
        blocksPerLevel,
        embedDim,
        groups,
        styles,
        palettes,
        prediction,
        0);
  }

  /** The configuration of the shipped model. */
  public static TinyUNetConfig standard() {
    return new TinyUNetConfig(64, 2, List.of(32, 64, 128), 2, 128, 8, 6, 6, Prediction.V, 32);
  }

  /** The same network trained for another output: same weights shapes, so it can fine-tune. */
  public TinyUNetConfig withPrediction(Prediction other) {
    return new TinyUNetConfig(
        imageSize,
        patch,
        channels,
        blocksPerLevel,
        embedDim,
        groups,
        styles,
        palettes,
        other,
        refineChannels);
  }

  /** The same network with a refinement stage of this width (0: none). */
  public TinyUNetConfig withRefineChannels(int width) {
    return new TinyUNetConfig(
        imageSize,
        patch,
        channels,
        blocksPerLevel,
        embedDim,
        groups,
        styles,
        palettes,
        prediction,
        width);
  }

  /** Colour channels folded per pixel of the network input. */
  int foldedChannels() {
    return 3 * patch * patch;
  }
}
