package dev.atelier.bench;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.tiny.judge.Diversity;
import dev.atelier.diffusion.tiny.judge.Raster;
import dev.atelier.diffusion.tiny.judge.StyleJudge;
import dev.atelier.diffusion.tiny.judge.StylePrompt;
import dev.atelier.diffusion.tiny.judge.TrainingSet;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in model measured as a new user meets it: every style's prompt ({@link StylePrompt}) at
 * the model's default settings, a few variants each, judged by the independent {@link StyleJudge},
 * with the variants' diversity against the training set's and their distance to the nearest
 * training picture; and a contact sheet of them all.
 */
public final class BuiltInSheet {

  /** Training pictures of each style and palette the training diversity is measured on. */
  public static final int TRAINING_SAMPLE = 32;

  /** Seed of a style's first variant: this times the style's ordinal (variants follow on). */
  public static final long SEED_STEP = 1000;

  private static final int SCALE = 2;
  private static final int LABEL = 210;
  private static final int GAP = 4;

  private BuiltInSheet() {}

  /**
   * One style's figures.
   *
   * @param images the variants, in seed order
   * @param verdicts the judge's verdict on each
   * @param acceptedDiversity mean pairwise distance (see {@link Diversity}) of the variants the
   *     judge accepts as the prompt's style, {@code NaN} when fewer than two are: noise differs
   *     from noise, so only pictures of the style say how varied the style's pictures are
   * @param trainingDiversity the same over training pictures of the prompt's style and palette
   * @param nearest the smallest distance from any variant to any training picture, 8-bit levels
   */
  public record StyleFigures(
      StylePrompt prompt,
      List<RgbImage> images,
      List<StyleJudge.Verdict> verdicts,
      double acceptedDiversity,
      double trainingDiversity,
      double nearest) {

    public int accepted() {
      return (int) verdicts.stream().filter(v -> v.acceptedAs(prompt.style())).count();
    }

    /** Share of variants the judge accepts as the prompt's style. */
    public double accuracy() {
      return accepted() / (double) verdicts.size();
    }

    /**
     * The accepted variants' diversity as a share of the training set's; {@code NaN} when fewer
     * than two variants are accepted.
     */
    public double diversityRatio() {
      return acceptedDiversity / trainingDiversity;
    }
  }

  /** The figures of every style, and the settings they were made with. */
  public record Result(String modelId, GenerationDefaults settings, List<StyleFigures> styles) {}

  /**
   * Generates {@code variants} pictures per style with {@code model}'s defaults and measures them.
   */
  public static Result measure(
      DiffusionModel model, TrainingSet training, StyleJudge judge, int variants) {
    if (variants < 2) {
      throw new IllegalArgumentException("Diversity needs at least 2 variants, not " + variants);
    }
    GenerationDefaults d = model.defaults();
    List<StyleFigures> styles = new ArrayList<>();
    for (StylePrompt prompt : StylePrompt.standard()) {
      GenerationRequest request =
          new GenerationRequest(
              prompt.text(),
              "",
              SEED_STEP * prompt.style().ordinal(),
              SamplerKind.fromId(d.sampler()),
              d.steps(),
              d.guidance(),
              d.width(),
              d.height(),
              variants,
              0);
      List<RgbImage> images =
          Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE)
              .images();
      List<Raster> rasters = images.stream().map(Raster::of).toList();
      List<Raster> train = training.pictures(prompt.style(), prompt.palette(), TRAINING_SAMPLE);
      double nearest = Double.MAX_VALUE;
      for (RgbImage image : images) {
        nearest = Math.min(nearest, Diversity.nearest(image, training.pixels()));
      }
      List<StyleJudge.Verdict> verdicts = rasters.stream().map(judge::judge).toList();
      List<Raster> accepted = new ArrayList<>();
      for (int i = 0; i < rasters.size(); i++) {
        if (verdicts.get(i).acceptedAs(prompt.style())) {
          accepted.add(rasters.get(i));
        }
      }
      styles.add(
          new StyleFigures(
              prompt,
              images,
              verdicts,
              accepted.size() < 2 ? Double.NaN : Diversity.meanPairwise(accepted),
              Diversity.meanPairwise(train),
              nearest));
    }
    return new Result(model.id(), d, styles);
  }

  /** The figures as a table, then the judge's reason for every rejected variant. */
  public static String describe(Result result) {
    GenerationDefaults d = result.settings();
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s at its defaults (%s, %d steps, guidance %.1f, %dx%d), %d variants per style:%n%n",
                result.modelId(),
                d.sampler(),
                d.steps(),
                d.guidance(),
                d.width(),
                d.height(),
                result.styles().getFirst().images().size()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-11s %-30s %9s %10s %9s %6s %8s%n",
            "style",
            "prompt",
            "judge",
            "diversity",
            "training",
            "ratio",
            "nearest"));
    for (StyleFigures s : result.styles()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-11s %-30s %3d/%d %3.0f%% %10s %9.1f %6s %8.1f%n",
              s.prompt().style().name().toLowerCase(Locale.ROOT),
              "\"" + s.prompt().text() + "\"",
              s.accepted(),
              s.images().size(),
              100 * s.accuracy(),
              figure(s.acceptedDiversity(), "%.1f"),
              s.trainingDiversity(),
              figure(s.diversityRatio(), "%.2f"),
              s.nearest()));
    }
    out.append(
        "\njudge: variants accepted as the prompt's style; diversity: mean pairwise RMS distance"
            + " (8-bit levels) at 16x16 of the accepted variants (\"-\" below two), and of "
            + TRAINING_SAMPLE
            + " training pictures of that style and palette; nearest: smallest RMS distance from"
            + " a variant to any training picture at full size.\n");
    for (StyleFigures s : result.styles()) {
      for (int i = 0; i < s.verdicts().size(); i++) {
        StyleJudge.Verdict v = s.verdicts().get(i);
        if (!v.acceptedAs(s.prompt().style())) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "  %s, seed %d: %s%n",
                  s.prompt().style().name().toLowerCase(Locale.ROOT),
                  SEED_STEP * s.prompt().style().ordinal() + i,
                  v.describe()));
        }
      }
    }
    return out.toString();
  }

  private static String figure(double value, String format) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }

  /**
   * The contact sheet: one row per style, its variants at twice their size, the prompt and the
   * judge's count beside them.
   */
  public static BufferedImage sheet(Result result) {
    List<StyleFigures> styles = result.styles();
    int tile = styles.getFirst().images().getFirst().width() * SCALE;
    int columns = styles.getFirst().images().size();
    int width = LABEL + columns * (tile + GAP) + GAP;
    int height = styles.size() * (tile + GAP) + GAP;
    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      for (int row = 0; row < styles.size(); row++) {
        StyleFigures s = styles.get(row);
        int top = GAP + row * (tile + GAP);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(s.prompt().style().name().toLowerCase(Locale.ROOT), 8, top + 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("\"" + s.prompt().text() + "\"", 8, top + 42);
        g.drawString(
            String.format(Locale.ROOT, "judge: %d of %d", s.accepted(), s.images().size()),
            8,
            top + 66);
        g.drawString("diversity: " + figure(s.diversityRatio(), "%.2f of training"), 8, top + 84);
        for (int i = 0; i < s.images().size(); i++) {
          int left = LABEL + GAP + i * (tile + GAP);
          g.drawImage(s.images().get(i).toBufferedImage(), left, top, tile, tile, null);
          if (!s.verdicts().get(i).acceptedAs(s.prompt().style())) {
            g.setColor(new Color(0xC0392B));
            g.fillRect(left, top + tile - 6, tile, 6);
            g.setColor(Color.DARK_GRAY);
          }
        }
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }
}
