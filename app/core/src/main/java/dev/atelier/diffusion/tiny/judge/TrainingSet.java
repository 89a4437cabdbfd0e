package dev.atelier.diffusion.tiny.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import dev.atelier.diffusion.tiny.data.Style;
import dev.atelier.hashing.Hashes;
import dev.atelier.hashing.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The procedural pictures a built-in model was trained on, rendered again from its manifest and
 * checked against the Merkle root the manifest records: what generated pictures are compared with
 * for diversity and for copying.
 */
public final class TrainingSet {

  private final ProceduralDataset dataset;
  private final List<byte[]> pixels;

  private TrainingSet(ProceduralDataset dataset, List<byte[]> pixels) {
    this.dataset = dataset;
    this.pixels = pixels;
  }

  /**
   * Renders the procedural set named in {@code manifest}'s training record (seed, count, size) and
   * checks its Merkle root.
   *
   * @throws IllegalArgumentException when the model was not trained on a procedural set, or the
   *     rendered set does not match the recorded root
   */
  public static TrainingSet of(ModelManifest manifest) {
    JsonNode training = manifest.training();
    JsonNode dataset = training == null ? null : training.path("dataset");
    if (dataset == null || !"procedural".equals(dataset.path("type").asText())) {
      throw new IllegalArgumentException(
          manifest.id() + " was not trained on Atelier's procedural set, so it has no styles");
    }
    JsonNode details = dataset.path("details");
    ProceduralDataset set =
        new ProceduralDataset(
            details.path("seed").asLong(),
            details.path("count").asInt(),
            details.path("size").asInt());
    List<byte[]> pixels =
        IntStream.range(0, set.count())
            .parallel()
            .mapToObj(i -> ProceduralDataset.rgbBytes(set.image(i)))
            .toList();
    String root = MerkleTree.rootHex(pixels.stream().map(Hashes::sha256).toList());
    String recorded = training.path("trainingSetRoot").asText();
    if (!root.equals(recorded)) {
      throw new IllegalArgumentException(
          "The procedural set rendered for "
              + manifest.id()
              + " has root "
              + root
              + ", not the recorded "
              + recorded);
    }
    return new TrainingSet(set, pixels);
  }

  public ProceduralDataset dataset() {
    return dataset;
  }

  /** Every picture's RGB bytes, in item order. */
  public List<byte[]> pixels() {
    return pixels;
  }

  /** Up to {@code count} training pictures of one style and palette, in item order. */
  public List<Raster> pictures(Style style, Palette palette, int count) {
    List<Raster> out = new ArrayList<>();
    int side = dataset.size();
    for (int i = 0; i < dataset.count() && out.size() < count; i++) {
      if (dataset.style(i) == style && dataset.palette(i) == palette) {
        out.add(Raster.of(new RgbImage(side, side, pixels.get(i))));
      }
    }
    return out;
  }
}
