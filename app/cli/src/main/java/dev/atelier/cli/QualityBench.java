package dev.atelier.cli;

import dev.atelier.bench.BuiltInSheet;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.judge.JudgeCheck;
import dev.atelier.diffusion.tiny.judge.StyleJudge;
import dev.atelier.diffusion.tiny.judge.TrainingSet;
import dev.atelier.generate.GenerationSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** {@code atelier bench --sheet} and {@code --judge}: the built-in model's quality figures. */
final class QualityBench {

  /** Seed of the judge check's held-out pictures; the judge is fitted on another. */
  static final long JUDGE_CHECK_SEED = 4242;

  /** Held-out pictures per style and palette pair in the judge check. */
  static final int JUDGE_CHECK_PER_PAIR = 10;

  /** Bad pictures of each kind in the judge check. */
  static final int JUDGE_CHECK_PER_KIND = 200;

  private QualityBench() {}

  /** Measures {@code model} (default: the built-in one) and writes its contact sheet. */
  static void sheet(
      GenerationSession session, String model, int variants, Path file, PrintWriter out)
      throws IOException {
    ModelLibrary.Installed installed = session.find(model == null ? "atelier-tiny" : model);
    out.println("Rendering the training set of " + installed.id() + " and checking its root...");
    out.flush();
    TrainingSet training = TrainingSet.of(installed.manifest());
    StyleJudge judge = StyleJudge.train(StyleJudge.Training.STANDARD);
    DiffusionModel loaded = session.load(installed);
    out.println("Generating and judging...");
    out.flush();
    BuiltInSheet.Result result = BuiltInSheet.measure(loaded, training, judge, variants);
    out.println();
    out.print(BuiltInSheet.describe(result));
    ImageIO.write(BuiltInSheet.sheet(result), "png", file.toFile());
    out.println();
    out.println("Contact sheet: " + file);
    out.flush();
  }

  /** Prints the judge's confusion matrix on held-out and deliberately bad pictures. */
  static void judgeCheck(PrintWriter out) {
    StyleJudge judge = StyleJudge.train(StyleJudge.Training.STANDARD);
    out.printf(
        Locale.ROOT,
        "The style judge, fitted on procedural pictures of seed %d, checked on %d held-out"
            + " pictures per style (seed %d) and %d bad pictures of each kind:%n%n",
        StyleJudge.Training.STANDARD.seed(),
        JUDGE_CHECK_PER_PAIR * Palette.values().length,
        JUDGE_CHECK_SEED,
        JUDGE_CHECK_PER_KIND);
    out.print(
        JudgeCheck.describe(
            JudgeCheck.run(judge, JUDGE_CHECK_SEED, JUDGE_CHECK_PER_PAIR, JUDGE_CHECK_PER_KIND)));
    out.flush();
  }
}
