package dev.atelier.diffusion.tiny.judge;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * An independent judge of the built-in model's styles that noise cannot fool. It knows nothing of
 * any generator: it reads hand-built {@link Feature}s from the pixels, a small linear classifier
 * fitted on procedural pictures alone names the closest style, and then the picture must pass
 * {@link Structure}'s rules: be a picture at all (not blank, noise or blur) and show what that
 * style is made of (a horizon, crests, a ridge line, stars, straight edges and a circle, flowing
 * strands). Anything else is rejected, with the reason.
 *
 * <p>Training is deterministic and takes seconds: {@link #train(Training)}.
 */
public final class StyleJudge {

  /**
   * What the judge is fitted on: {@code perPair} procedural pictures of every style and palette
   * pair, drawn from {@code seed}, each also with a faint grain of up to {@code grainLevels} 8-bit
   * levels (so that grain a person looks through does not change the verdict).
   */
  public record Training(long seed, int perPair, double grainLevels) {
    public Training {
      if (perPair < 1) {
        throw new IllegalArgumentException("perPair must be at least 1, not " + perPair);
      }
    }

    /** The set the tests and the bench use: 8 per pair from seed 777, grain up to 10 levels. */
    public static final Training STANDARD = new Training(777, 8, 10);
  }

  /**
   * A verdict.
   *
   * @param style the style the picture shows, or null when it is rejected
   * @param closest the style the classifier finds closest (also when rejected)
   * @param reason why it was rejected, or empty
   * @param features what was measured
   */
  public record Verdict(Style style, Style closest, Optional<String> reason, Features features) {

    public boolean accepted() {
      return style != null;
    }

    /** Accepted, and as {@code requested}. */
    public boolean acceptedAs(Style requested) {
      return style != null && style == requested;
    }

    /** The style's name, or "reject (closest style?): reason". */
    public String describe() {
      return accepted() ? style.name() : "reject (" + closest.name() + "?): " + reason.orElse("");
    }
  }

  private final Training training;
  private final Softmax classifier;

  private StyleJudge(Training training, Softmax classifier) {
    this.training = training;
    this.classifier = classifier;
  }

  /** What this judge was fitted on. */
  public Training training() {
    return training;
  }

  /** Fits the judge's classifier on procedural pictures (no generator is involved). */
  public static StyleJudge train(Training training) {
    Objects.requireNonNull(training, "training");
    int pairs = Style.values().length * dev.atelier.diffusion.tiny.data.Palette.values().length;
    ProceduralDataset set = new ProceduralDataset(training.seed(), pairs * training.perPair(), 64);
    SplittableRandom random = new SplittableRandom(training.seed());
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < set.count(); i++) {
      Raster picture = Raster.of(set.image(i));
      rows.add(shapeOnly(Features.of(picture)));
      labels.add(set.style(i).ordinal());
      double levels = random.nextDouble() * training.grainLevels();
      rows.add(shapeOnly(Features.of(grain(picture, levels, random.nextLong()))));
      labels.add(set.style(i).ordinal());
    }
    Softmax classifier =
        Softmax.fit(
            rows.toArray(double[][]::new),
            labels.stream().mapToInt(Integer::intValue).toArray(),
            Style.values().length,
            400,
            1e-3);
    return new StyleJudge(training, classifier);
  }

  public Verdict judge(RgbImage image) {
    return judge(Raster.of(image));
  }

  public Verdict judge(Raster picture) {
    Features f = Features.of(picture);
    double[] p = classifier.probabilities(shapeOnly(f));
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      best = p[c] > p[best] ? c : best;
    }
    Style closest = Style.values()[best];
    Optional<String> wrong = Structure.picture(f).or(() -> Structure.of(closest, f));
    return new Verdict(wrong.isPresent() ? null : closest, closest, wrong, f);
  }

  /**
   * The features the classifier reads: all but those of colour, overall tone and grain, so that
   * neither a picture's palette nor its grain can decide its style (every style is drawn in every
   * palette).
   */
  static double[] shapeOnly(Features f) {
    return java.util.Arrays.stream(Feature.values())
        .filter(x -> !COLOUR_ONLY.contains(x))
        .mapToDouble(f::get)
        .toArray();
  }

  private static final java.util.Set<Feature> COLOUR_ONLY =
      java.util.EnumSet.of(
          Feature.COLOUR_SPREAD,
          Feature.LUMA_MEAN,
          Feature.SATURATION,
          Feature.BACKGROUND,
          Feature.GRAIN);

  /** {@code picture} with Gaussian grain of {@code levels} 8-bit levels added to every channel. */
  public static Raster grain(Raster picture, double levels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = picture.side() * picture.side();
    double sigma = levels / 255;
    double[][] out = new double[3][n];
    for (int c = 0; c < 3; c++) {
      double[] p = picture.plane(c);
      for (int k = 0; k < n; k++) {
        double u = 1 - random.nextDouble();
        double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        out[c][k] = Math.clamp(p[k] + sigma * g, 0.0, 1.0);
      }
    }
    return new Raster(picture.side(), out[0], out[1], out[2]);
  }
}
