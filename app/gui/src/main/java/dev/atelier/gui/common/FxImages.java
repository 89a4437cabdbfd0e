package dev.atelier.gui.common;

import dev.atelier.diffusion.RgbImage;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Pictures made by the core, as JavaFX images. */
public final class FxImages {

  private FxImages() {}

  /** A JavaFX image of the pixels (no file involved); null for null. */
  public static Image of(RgbImage img) {
    if (img == null) {
      return null;
    }
    WritableImage out = new WritableImage(img.width(), img.height());
    out.getPixelWriter()
        .setPixels(
            0,
            0,
            img.width(),
            img.height(),
            PixelFormat.getByteRgbInstance(),
            img.rgb(),
            0,
            img.width() * 3);
    return out;
  }
}
