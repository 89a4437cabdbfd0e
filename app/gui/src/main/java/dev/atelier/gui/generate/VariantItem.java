package dev.atelier.gui.generate;

import dev.atelier.catalog.Asset;
import dev.atelier.diffusion.RgbImage;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One variant on the Generate screen: its seed, the latest picture (a denoising preview while it
 * runs, the final image after), its progress, and once finished its catalog row. Changed on the
 * JavaFX thread only.
 */
public final class VariantItem {

  private final int index;
  private final long seed;
  private final ObjectProperty<RgbImage> image = new SimpleObjectProperty<>(this, "image");
  private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
  private final ObjectProperty<Asset> asset = new SimpleObjectProperty<>(this, "asset");
  private final BooleanProperty kept = new SimpleBooleanProperty(this, "kept");
  private final BooleanProperty picked = new SimpleBooleanProperty(this, "picked");

  public VariantItem(int index, long seed) {
    this.index = index;
    this.seed = seed;
  }

  /** A finished variant from the catalog, with its picture. */
  static VariantItem finished(Asset asset, RgbImage image) {
    VariantItem item = new VariantItem(asset.variantIndex(), asset.seed());
    item.image.set(image);
    item.asset.set(asset);
    item.kept.set(asset.kept());
    item.progress.set(1);
    return item;
  }

  /** 0 for the first variant of its generation. */
  public int index() {
    return index;
  }

  /** The seed that makes this variant again. */
  public long seed() {
    return seed;
  }

  /** The picture shown: a preview while generating, then the final image; null before. */
  public ObjectProperty<RgbImage> imageProperty() {
    return image;
  }

  /** 0 to 1. */
  public DoubleProperty progressProperty() {
    return progress;
  }

  /** The catalog row once the generation finished; null before. */
  public ObjectProperty<Asset> assetProperty() {
    return asset;
  }

  /** Whether the artist kept it (saved to their images). */
  public BooleanProperty keptProperty() {
    return kept;
  }

  /** Picked for side-by-side comparison. */
  public BooleanProperty pickedProperty() {
    return picked;
  }

  public boolean finished() {
    return asset.get() != null;
  }

  @Override
  public String toString() {
    return "Variant " + (index + 1) + " (seed " + seed + ")";
  }
}
