package dev.atelier.gui.common;

import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * Clips a region to a rounded rectangle, so that content drawn edge to edge (a table header, list
 * cells) follows the rounded border the stylesheet gives it.
 */
public final class RoundedClip {

  private RoundedClip() {}

  /** Clips {@code region} to its bounds with corners of {@code radius}, following its size. */
  public static void apply(Region region, double radius) {
    Rectangle clip = new Rectangle();
    clip.setArcWidth(radius * 2);
    clip.setArcHeight(radius * 2);
    clip.widthProperty().bind(region.widthProperty());
    clip.heightProperty().bind(region.heightProperty());
    region.setClip(clip);
  }
}
