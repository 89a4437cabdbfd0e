package dev.atelier.gui.generate;

import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplingRun;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.StartImages;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.value.ObservableValue;

/**
 * The picture a generation starts from (image-to-image) on the Generate form, and its strength: how
 * much of the schedule runs from it. Low keeps more of the picture. A mask painted over the picture
 * ({@link #setMask}) limits the repainting to its white part (inpainting), with the seam softened
 * by {@link #maskBlurProperty() a blur}; choosing another picture drops the mask.
 *
 * <p>A picture file is untrusted input: it is read on a background lane by the core ({@link
 * StartImages#read}), which refuses what it cannot use with a message naming the file. That message
 * becomes the form's problem, and the picture chosen before stays. Only the latest choice counts: a
 * slower read of an earlier one is dropped. The picture stays chosen between runs (a re-roll keeps
 * it) until {@link #clear() cleared}. Used on the JavaFX thread.
 */
public final class StartPictureModel {

  /** The lowest strength offered. */
  public static final double MIN_STRENGTH = 0.05;

  /** The strength a new studio starts with, as {@code atelier generate --init-image} does. */
  public static final double DEFAULT_STRENGTH = GenerationRequest.StartImage.DEFAULT_STRENGTH;

  /** The seam's blur a new studio starts with, in pixels: web UI's "Mask blur" default. */
  public static final int DEFAULT_MASK_BLUR = 4;

  /** The longest side of the thumbnail shown on the form, in pixels. */
  static final int THUMBNAIL_SIDE = 96;

  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /**
   * A picture as read.
   *
   * @param file where it was read from
   * @param image the picture, at its own size
   * @param sha256 the SHA-256 of the file's bytes, as the provenance record keeps it
   * @param thumbnail a copy at most {@link #THUMBNAIL_SIDE} pixels on its longest side, to show
   */
  public record Picture(Path file, RgbImage image, String sha256, RgbImage thumbnail) {

    /** "dunes.png · 640×480". */
    public String description() {
      return file.getFileName() + " · " + image.width() + "×" + image.height();
    }
  }

  private final Lane lane;
  private final Consumer<String> problems;
  private final ObservableValue<Integer> steps;
  private final ReadOnlyObjectWrapper<Picture> picture =
      new ReadOnlyObjectWrapper<>(this, "picture");
  private final DoubleProperty strength =
      new SimpleDoubleProperty(this, "strength", DEFAULT_STRENGTH);
  private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper(this, "reading");
  private final ReadOnlyObjectWrapper<MaskPainting.Mask> mask =
      new ReadOnlyObjectWrapper<>(this, "mask");
  private final IntegerProperty maskBlur =
      new SimpleIntegerProperty(this, "maskBlur", DEFAULT_MASK_BLUR);

  /** The painted mask as the core takes it (its hash worked out once), or null. */
  private GenerationRequest.InpaintMask inpaint;

  private final StringBinding runsText;
  private final StringBinding strengthText;

  /** Counts the choices, so that only the latest read is shown. */
  private long choices;

  /**
   * @param lane reads the files
   * @param problems shows why a file cannot be used (empty: nothing is wrong)
   * @param steps the form's steps, for "runs N of M steps"
   */
  StartPictureModel(Lane lane, Consumer<String> problems, ObservableValue<Integer> steps) {
    this.lane = Objects.requireNonNull(lane);
    this.problems = Objects.requireNonNull(problems);
    this.steps = Objects.requireNonNull(steps);
    runsText = Bindings.createStringBinding(this::describeRuns, steps, strength, picture, mask);
    strengthText =
        Bindings.createStringBinding(
            () -> String.format(Locale.ROOT, "%.2f", strength()), strength);
  }

  /** Whether a drop or the chooser may offer this file (by its name; the read checks the rest). */
  public static boolean accepts(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
  }

  /**
   * Reads {@code file} in the background and, when it is a usable picture, starts from it; when it
   * is not, the form's problem says why and the earlier picture stays.
   */
  public void choose(Path file) {
    Objects.requireNonNull(file);
    long choice = ++choices;
    reading.set(true);
    lane.run(
        () -> read(file),
        read -> {
          if (choice == choices) {
            reading.set(false);
            clearMask(); // painted over another picture
            picture.set(read);
            problems.accept("");
          }
        },
        error -> {
          if (choice == choices) {
            reading.set(false);
            problems.accept(
                error instanceof IllegalArgumentException ? error.getMessage() : message(error));
          }
        });
  }

  private static String message(Throwable error) {
    return "Could not read the start picture: " + Notices.message(error);
  }

  /** On the background lane: the picture, its hash and its thumbnail. */
  private static Picture read(Path file) {
    GenerationRequest.StartImage start = StartImages.read(file, 1);
    return new Picture(
        file, start.image(), start.sha256(), thumbnail(start.image(), THUMBNAIL_SIDE));
  }

  /** Generates from noise again; a read still under way is dropped. */
  public void clear() {
    choices++;
    reading.set(false);
    clearMask();
    picture.set(null);
  }

  /**
   * Repaints only where {@code painted} says (inpainting); a mask with nothing painted, or null,
   * repaints the whole picture again.
   *
   * @throws IllegalStateException when no picture is chosen
   */
  public void setMask(MaskPainting.Mask painted) {
    if (painted == null || painted.coverage() == 0) {
      clearMask();
      return;
    }
    if (picture.get() == null) {
      throw new IllegalStateException("A mask is painted over a start picture; none is chosen");
    }
    inpaint =
        GenerationRequest.InpaintMask.of(
            new GrayImage(painted.width(), painted.height(), painted.values()), 0);
    mask.set(painted);
  }

  /** Repaints the whole picture again. */
  public void clearMask() {
    inpaint = null;
    mask.set(null);
  }

  /**
   * {@code request} starting from the chosen picture at the chosen strength, or unchanged when none
   * is chosen.
   *
   * @throws IllegalArgumentException while a picture is being read, or when steps × strength is
   *     under one step (the core's words)
   */
  GenerationRequest applyTo(GenerationRequest request) {
    if (reading.get()) {
      throw new IllegalArgumentException(
          "The start picture is still being read; generate again in a moment.");
    }
    Picture p = picture.get();
    if (p == null) {
      return request;
    }
    GenerationRequest started =
        request.withStart(new GenerationRequest.StartImage(p.image(), p.sha256(), strength()));
    return inpaint == null ? started : started.withMask(inpaint.withBlur(maskBlur()));
  }

  /** The seam's blur a run uses, in pixels, within the core's range. */
  public int maskBlur() {
    return Math.clamp(maskBlur.get(), 0, GenerationRequest.InpaintMask.MAX_BLUR);
  }

  /** The strength a run uses: the slider's value to two decimals, within the offered range. */
  public double strength() {
    double s = Math.round(strength.get() * 100) / 100.0;
    return Math.clamp(s, MIN_STRENGTH, 1.0);
  }

  /** "Runs 12 of 20 steps", counted as the core counts ({@link GenerationRequest#stepsRun()}). */
  private String describeRuns() {
    int total = steps.getValue() == null ? 0 : steps.getValue();
    int run = SamplingRun.Start.stepsRun(total, strength());
    if (run < 1) {
      return "Runs no step of " + total + ": raise the strength or the steps";
    }
    return "Runs "
        + run
        + " of "
        + total
        + " step"
        + (total == 1 ? "" : "s")
        + (mask.get() == null ? "" : ", inside the mask");
  }

  /**
   * A copy of {@code image} at most {@code side} pixels on its longest side, each pixel the mean of
   * the pixels it covers; the image itself when it is small enough.
   */
  static RgbImage thumbnail(RgbImage image, int side) {
    int w0 = image.width();
    int h0 = image.height();
    double scale = Math.min(1.0, side / (double) Math.max(w0, h0));
    int w = Math.max(1, (int) Math.round(w0 * scale));
    int h = Math.max(1, (int) Math.round(h0 * scale));
    if (w == w0 && h == h0) {
      return image;
    }
    byte[] in = image.rgb();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      int y0 = (int) ((long) y * h0 / h);
      int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * h0 / h));
      for (int x = 0; x < w; x++) {
        int x0 = (int) ((long) x * w0 / w);
        int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * w0 / w));
        long r = 0;
        long g = 0;
        long b = 0;
        for (int sy = y0; sy < y1; sy++) {
          for (int sx = x0; sx < x1; sx++) {
            int at = (sy * w0 + sx) * 3;
            r += in[at] & 0xff;
            g += in[at + 1] & 0xff;
            b += in[at + 2] & 0xff;
          }
        }
        long n = (long) (y1 - y0) * (x1 - x0);
        int to = (y * w + x) * 3;
        out[to] = (byte) (r / n);
        out[to + 1] = (byte) (g / n);
        out[to + 2] = (byte) (b / n);
      }
    }
    return new RgbImage(w, h, out);
  }

  // ---- properties -----------------------------------------------------------------------

  /** The chosen picture, or null to generate from noise. */
  public ReadOnlyObjectProperty<Picture> pictureProperty() {
    return picture.getReadOnlyProperty();
  }

  /** From {@link #MIN_STRENGTH} to 1: low keeps more of the picture, 1 little of it. */
  public DoubleProperty strengthProperty() {
    return strength;
  }

  /** The strength as shown, "0.60". */
  public StringBinding strengthText() {
    return strengthText;
  }

  /** How many of the form's steps run from the picture, in words. */
  public StringBinding runsText() {
    return runsText;
  }

  /** The painted mask (white: repainted), or null to repaint the whole picture. */
  public ReadOnlyObjectProperty<MaskPainting.Mask> maskProperty() {
    return mask.getReadOnlyProperty();
  }

  /** The seam's blur in pixels of the generated picture, 0 (a hard edge) to 64. */
  public IntegerProperty maskBlurProperty() {
    return maskBlur;
  }

  /** True while a chosen file is being read. */
  public ReadOnlyBooleanProperty readingProperty() {
    return reading.getReadOnlyProperty();
  }
}
