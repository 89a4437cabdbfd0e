package dev.atelier.diffusion.tiny;

/**
 * What the trainer learns from: square RGB images with optional style and palette labels.
 * Implementations must be thread-safe for reads and deterministic: item {@code i} is always the
 * same image.
 */
public interface TrainingImages {

  /** Label value meaning "no style" or "no palette". */
  int NONE = -1;

  /** One image, channel-first floats in [-1, 1], and its labels (or {@link #NONE}). */
  record Item(float[] chw, int style, int palette) {}

  int size();

  int imageSize();

  Item get(int index);

  /** Hash identifying exactly this set of images (recorded in the model manifest). */
  String datasetHash();
}
