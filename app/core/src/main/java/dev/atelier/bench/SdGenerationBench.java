package dev.atelier.bench;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.LoadListener;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whole generations timed end to end ({@code atelier bench --sd15 --generate ...}): text encoding,
 * every sampling step and the VAE decode, through the same {@link Pipeline} the studio uses, for a
 * few sampler settings on one model. The first setting is the baseline the others are put against,
 * e.g. {@link #LCM_COMPARISON}: 20 steps of DPM++ 2M at guidance 7.5 (40 UNet images) against 4
 * steps of LCM at guidance 1 (4 UNet images).
 *
 * <p>Every setting first runs once untimed with a single step, which pays for the engine's one-time
 * set-up at that batch size.
 */
public final class SdGenerationBench {

  /** The prompt of every timed generation. */
  static final String PROMPT = "a lighthouse on a cliff at dusk, oil painting";

  private static final long SEED = 1;

  /** DPM++ 2M Karras, 20 steps at guidance 7.5, against LCM, 4 steps at guidance 1. */
  public static final List<Setting> LCM_COMPARISON =
      List.of(
          new Setting(SamplerKind.DPMPP_2M_KARRAS, 20, 7.5), new Setting(SamplerKind.LCM, 4, 1.0));

  private SdGenerationBench() {}

  /**
   * One way to generate.
   *
   * @param guidance 1 runs the UNet once per step, above 1 on a doubled batch
   */
  public record Setting(SamplerKind sampler, int steps, double guidance) {

    public Setting {
      Objects.requireNonNull(sampler, "sampler");
      // The request's own checks, in its words (steps, the sampler's step limit, guidance).
      new GenerationRequest(PROMPT, "", SEED, sampler, steps, guidance, 8, 8, 1, 0);
    }

    /**
     * {@code SAMPLER:STEPS:GUIDANCE}, e.g. {@code lcm:4:1} or {@code dpmpp-2m-karras:20:7.5}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Setting parse(String text) {
      String[] parts = text.strip().split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "A generation setting is SAMPLER:STEPS:GUIDANCE, e.g. lcm:4:1, not '" + text + "'");
      }
      try {
        return new Setting(
            SamplerKind.fromId(parts[0]), Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Steps and guidance must be numbers in '" + text + "'", e);
      }
    }

    /** UNet evaluations of one image: one per step, two when guided. */
    public int unetImages() {
      return steps * (guidance == 1.0 ? 1 : 2);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%s, %d steps, guidance %.1f", sampler.id(), steps, guidance);
    }
  }

  /** Mean seconds of one whole generation, and the peak resident memory while timing it. */
  public record Timing(Setting setting, int runs, double meanSeconds, long peakMiB) {}

  /**
   * Imports {@code checkpoint} (a single-file SD 1.x checkpoint) into {@code models}, as the studio
   * would, and loads it.
   */
  public static DiffusionModel load(Path checkpoint, Path models, CancellationToken cancel)
      throws IOException {
    ModelLibrary.Installed installed =
        CheckpointImport.run(checkpoint, models, "sd15-random-bench", null, null, cancel).model();
    return ModelLibrary.load(installed, LoadListener.NONE, cancel);
  }

  /** Times each setting {@code runs} times on {@code side}² images, one at a time. */
  public static List<Timing> measure(
      DiffusionModel model, List<Setting> settings, int side, int runs) {
    if (settings.isEmpty() || runs < 1) {
      throw new IllegalArgumentException("Needs at least one setting and one run");
    }
    return settings.stream().map(s -> time(model, s, side, runs)).toList();
  }

  private static Timing time(DiffusionModel model, Setting s, int side, int runs) {
    generate(model, new Setting(s.sampler(), 1, s.guidance()), side);
    ProcessMemory.resetPeak();
    double total = 0;
    for (int i = 0; i < runs; i++) {
      total += generate(model, s, side);
    }
    return new Timing(s, runs, total / runs, ProcessMemory.peakMiB());
  }

  private static double generate(DiffusionModel model, Setting s, int side) {
    GenerationRequest request =
        new GenerationRequest(
            PROMPT, "", SEED, s.sampler(), s.steps(), s.guidance(), side, side, 1, 0);
    return Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE)
            .elapsed()
            .toNanos()
        / 1e9;
  }

  /** One line per setting, then each later one's time as a fraction of the first's. */
  public static String describe(List<Timing> timings, int side) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Whole %dx%d generations (text encoding, sampling, VAE decode), one image:%n",
            side,
            side));
    for (Timing t : timings) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %-40s %3d UNet images  %8.2f s  (mean of %d)  peak RSS %5d MiB%n",
              t.setting(),
              t.setting().unetImages(),
              t.meanSeconds(),
              t.runs(),
              t.peakMiB()));
    }
    Timing base = timings.getFirst();
    for (Timing t : timings.subList(1, timings.size())) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %s takes %.3f of the time of %s: %.2fx faster%n",
              t.setting(),
              t.meanSeconds() / base.meanSeconds(),
              base.setting(),
              base.meanSeconds() / t.meanSeconds()));
    }
    return s.toString();
  }
}
