package dev.atelier.gui.generate;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;

/**
 * An inpainting mask being painted over a start picture: one byte per pixel, 255 where the
 * generation repaints and 0 where the picture is kept (the convention of the core and of other
 * generators). Strokes are round brushes or erasers drawn along the pointer's path; invert, clear
 * and undo work on the whole mask. Edges stay hard here: the core softens the seam when it
 * generates.
 *
 * <p>The mask is painted at a working size no larger than {@link #MAX_SIDE} on its longest side,
 * with the picture's proportions; the core scales it to the output as it does the picture. Plain
 * Java, used on one thread (the JavaFX thread in the studio).
 */
public final class MaskPainting {

  /** The longest side of the painted raster, in pixels. */
  public static final int MAX_SIDE = 1024;

  /** How many strokes (and inverts, clears) can be undone. */
  static final int UNDO_DEPTH = 32;

  /**
   * A finished mask: what a generation uses and what the form shows.
   *
   * @param width its width in pixels
   * @param height its height in pixels
   * @param values one byte per pixel, row by row: 255 repaint, 0 keep
   */
  public record Mask(int width, int height, byte[] values) {
    public Mask {
      if (width < 1 || height < 1 || values.length != width * height) {
        throw new IllegalArgumentException("a mask of " + width + "×" + height + " pixels");
      }
      values = values.clone();
    }

    @Override
    public byte[] values() {
      return values.clone();
    }

    /** The share of pixels that are repainted, 0 to 1. */
    public double coverage() {
      return MaskPainting.coverage(values);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Mask m
          && m.width == width
          && m.height == height
          && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(width, height, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
      return "Mask[" + width + "×" + height + ", " + Math.round(coverage() * 100) + "% repainted]";
    }
  }

  /** Told of the area that changed, in mask pixels, so that a view redraws only that. */
  @FunctionalInterface
  public interface ChangeListener {
    void changed(int x, int y, int width, int height);
  }

  private final int width;
  private final int height;
  private final byte[] values;
  private final Deque<byte[]> undo = new ArrayDeque<>();
  private ChangeListener listener = (x, y, w, h) -> {};

  /** An empty mask of {@code width}×{@code height} pixels. */
  public MaskPainting(int width, int height) {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "a mask is 1 to " + MAX_SIDE + " pixels on a side, not " + width + "×" + height);
    }
    this.width = width;
    this.height = height;
    this.values = new byte[width * height];
  }

  /** An empty mask for a picture of {@code width}×{@code height}, at the working size. */
  public static MaskPainting forPicture(int width, int height) {
    double scale = Math.min(1.0, MAX_SIDE / (double) Math.max(width, height));
    return new MaskPainting(
        Math.max(1, (int) Math.round(width * scale)),
        Math.max(1, (int) Math.round(height * scale)));
  }

  /** Continues painting {@code mask} (its size must be this working size's). */
  public void load(Mask mask) {
    if (mask.width() != width || mask.height() != height) {
      throw new IllegalArgumentException(
          "a "
              + mask.width()
              + "×"
              + mask.height()
              + " mask on a "
              + width
              + "×"
              + height
              + " one");
    }
    remember();
    System.arraycopy(mask.values, 0, values, 0, values.length);
    listener.changed(0, 0, width, height);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Who redraws after a change (one listener; replaces the earlier one). */
  public void onChange(ChangeListener listener) {
    this.listener = Objects.requireNonNull(listener);
  }

  /** Starts a stroke: what it paints is undone as one step. */
  public void beginStroke() {
    remember();
  }

  /**
   * Paints (or erases) a round brush of {@code radius} pixels along the segment from ({@code x0},
   * {@code y0}) to ({@code x1}, {@code y1}), in mask pixels. A dab is a segment of length zero.
   * Points outside the mask are clipped.
   */
  public void stroke(double x0, double y0, double x1, double y1, double radius, boolean erase) {
    if (!(radius > 0) || !Double.isFinite(x0 + y0 + x1 + y1)) {
      return;
    }
    int left = clampX(Math.floor(Math.min(x0, x1) - radius));
    int right = clampX(Math.ceil(Math.max(x0, x1) + radius));
    int top = clampY(Math.floor(Math.min(y0, y1) - radius));
    int bottom = clampY(Math.ceil(Math.max(y0, y1) + radius));
    if (left > right || top > bottom) {
      return;
    }
    byte paint = erase ? 0 : (byte) 255;
    double dx = x1 - x0;
    double dy = y1 - y0;
    double length2 = dx * dx + dy * dy;
    double r2 = radius * radius;
    for (int y = top; y <= bottom; y++) {
      double py = y + 0.5;
      for (int x = left; x <= right; x++) {
        double px = x + 0.5;
        // The distance from the pixel's centre to the segment.
        double t = length2 == 0 ? 0 : ((px - x0) * dx + (py - y0) * dy) / length2;
        t = Math.clamp(t, 0.0, 1.0);
        double ex = px - (x0 + t * dx);
        double ey = py - (y0 + t * dy);
        if (ex * ex + ey * ey <= r2) {
          values[y * width + x] = paint;
        }
      }
    }
    listener.changed(left, top, right - left + 1, bottom - top + 1);
  }

  /** Repaints what was kept and keeps what was repainted. */
  public void invert() {
    remember();
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) ~values[i];
    }
    listener.changed(0, 0, width, height);
  }

  /** Keeps the whole picture again. */
  public void clear() {
    remember();
    Arrays.fill(values, (byte) 0);
    listener.changed(0, 0, width, height);
  }

  /** Undoes the last stroke, invert or clear; false when there is nothing left to undo. */
  public boolean undo() {
    byte[] before = undo.pollLast();
    if (before == null) {
      return false;
    }
    System.arraycopy(before, 0, values, 0, values.length);
    listener.changed(0, 0, width, height);
    return true;
  }

  /** Whether an undo would change something. */
  public boolean canUndo() {
    return !undo.isEmpty();
  }

  /** The value at ({@code x}, {@code y}): 255 repaint, 0 keep. */
  public int valueAt(int x, int y) {
    return values[y * width + x] & 0xff;
  }

  /** Whether nothing is painted (the whole picture is kept). */
  public boolean isEmpty() {
    for (byte v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  /** The share of pixels painted so far, 0 to 1 (read in place: no copy of the mask). */
  public double coverage() {
    return coverage(values);
  }

  /** The mask as painted so far. */
  public Mask mask() {
    return new Mask(width, height, values);
  }

  private void remember() {
    if (undo.size() == UNDO_DEPTH) {
      undo.pollFirst();
    }
    undo.addLast(values.clone());
  }

  private int clampX(double x) {
    return (int) Math.clamp(x, 0, width - 1);
  }

  private int clampY(double y) {
    return (int) Math.clamp(y, 0, height - 1);
  }

  static double coverage(byte[] values) {
    long on = 0;
    for (byte v : values) {
      on += v & 0xff;
    }
    return on / (255.0 * values.length);
  }
}
