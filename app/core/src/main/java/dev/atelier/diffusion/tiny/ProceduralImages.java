package dev.atelier.diffusion.tiny;

import dev.atelier.diffusion.tiny.data.ProceduralDataset;

/** The procedural art set as training images, labelled with style and palette. */
public final class ProceduralImages implements TrainingImages {

  private final ProceduralDataset dataset;
  private volatile String hash;

  public ProceduralImages(ProceduralDataset dataset) {
    this.dataset = dataset;
  }

  public ProceduralDataset dataset() {
    return dataset;
  }

  @Override
  public int size() {
    return dataset.count();
  }

  @Override
  public int imageSize() {
    return dataset.size();
  }

  @Override
  public Item get(int index) {
    ProceduralDataset.Sample s = dataset.get(index);
    return new Item(s.chw(), s.style().ordinal(), s.palette().ordinal());
  }

  /** The Merkle root of the item hashes (computed once; a few seconds for thousands). */
  @Override
  public String datasetHash() {
    String h = hash;
    if (h == null) {
      h = dataset.merkleRoot();
      hash = h;
    }
    return h;
  }
}
