package dev.atelier.generate;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sampling.SamplingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides the pixels of a generation. Variant {@code i} uses seed {@code seed + i},
 * so any variant can be re-made on its own. The prompt is never blank ({@link PromptCheck}); its
 * length is checked against the model when it runs.
 *
 * @param previewEvery decode a preview every this many steps (0 for none)
 * @param start the picture image-to-image starts from, or null to start from noise
 * @param hires a second, larger pass (hires fix), or null for none
 * @param loras LoRA files merged into the model for this generation, in order (none: empty)
 */
public record GenerationRequest(
    String prompt,
    String negativePrompt,
    long seed,
    SamplerKind sampler,
    int steps,
    double guidance,
    int width,
    int height,
    int variants,
    int previewEvery,
    StartImage start,
    Hires hires,
    List<LoraChoice> loras) {

  /**
   * A LoRA file to merge into the model for a generation, with its weight.
   *
   * @param file a kohya-format {@code .safetensors} LoRA
   * @param weight how strongly it is merged, -4 to 4 (1: as trained, 0: not at all)
   */
  public record LoraChoice(Path file, double weight) {
    public LoraChoice {
      Objects.requireNonNull(file, "file");
      if (!(weight >= -4 && weight <= 4)) {
        throw new IllegalArgumentException("A LoRA's weight must be -4 to 4, not " + weight);
      }
    }
  }

  /**
   * Hires fix: after the variants are made at {@code width}×{@code height}, their samples are
   * scaled up by {@code scale} (bilinear, in the model's own space: no decoding in between) and
   * refined at the larger size from there, running steps × {@code strength} more steps. Each side
   * of the pictures comes out as {@link #side(int)} of the base side.
   *
   * @param scale more than 1, at most 2
   * @param strength how much of the schedule the second pass runs, above 0 and at most 1
   */
  public record Hires(double scale, double strength) {
    public Hires {
      if (!(scale > 1 && scale <= 2)) {
        throw new IllegalArgumentException(
            "The hires scale must be more than 1 and at most 2, not " + scale);
      }
      if (!(strength > 0 && strength <= 1)) {
        throw new IllegalArgumentException(
            "The hires strength must be above 0 and at most 1, not " + strength);
      }
    }

    /** A side of the larger pass: {@code base × scale}, rounded to a multiple of 8 pixels. */
    public int side(int base) {
      return (int) Math.round(base * scale / 8) * 8;
    }
  }

  /**
   * The picture an image-to-image generation starts from.
   *
   * @param image the picture as read (any size: it is scaled to cover the generation's size and cut
   *     around its centre, {@link RgbImage#cover})
   * @param sha256 SHA-256 (hex) of the file it was read from: what the record keeps of it
   * @param strength how much of the schedule runs, above 0 and at most 1: low keeps most of the
   *     picture, 1 little of it
   */
  public record StartImage(RgbImage image, String sha256, double strength) {
    public StartImage {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(sha256, "sha256");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("Not a SHA-256 in hex: " + sha256);
      }
      if (!(strength > 0 && strength <= 1)) {
        throw new IllegalArgumentException(
            "Strength must be above 0 and at most 1, not " + strength);
      }
    }
  }

  /** A text-to-image request. */
  public GenerationRequest(
      String prompt,
      String negativePrompt,
      long seed,
      SamplerKind sampler,
      int steps,
      double guidance,
      int width,
      int height,
      int variants,
      int previewEvery) {
    this(
        prompt,
        negativePrompt,
        seed,
        sampler,
        steps,
        guidance,
        width,
        height,
        variants,
        previewEvery,
        null,
        null,
        List.of());
  }

  public static final int MAX_VARIANTS = 16;
  public static final int MAX_STEPS = 500;

  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    PromptCheck.requireNotBlank(prompt);
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
    loras = loras == null ? List.of() : List.copyOf(loras);
    Objects.requireNonNull(sampler, "sampler");
    if (steps < 1 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("Steps must be 1 to " + MAX_STEPS + ", not " + steps);
    }
    if (steps > sampler.maxSteps()) {
      throw new IllegalArgumentException(
          "The "
              + sampler.id()
              + " sampler takes 1 to "
              + sampler.maxSteps()
              + " steps, not "
              + steps);
    }
    if (variants < 1 || variants > MAX_VARIANTS) {
      throw new IllegalArgumentException(
          "Variants must be 1 to " + MAX_VARIANTS + ", not " + variants);
    }
    if (!(guidance >= 1 && guidance <= 30)) {
      throw new IllegalArgumentException("Guidance must be between 1 and 30, not " + guidance);
    }
    if (width < 8 || height < 8) {
      throw new IllegalArgumentException("Size must be at least 8×8");
    }
    if (previewEvery < 0) {
      throw new IllegalArgumentException("previewEvery must not be negative");
    }
    if (hires != null && SamplingRun.Start.stepsRun(steps, hires.strength()) < 1) {
      throw new IllegalArgumentException(
          "At hires strength "
              + hires.strength()
              + " a "
              + steps
              + "-step run would not refine at all: raise the strength or the steps");
    }
    if (start != null) {
      SamplingRun.Start.requireSteps(steps, start.strength());
    }
  }

  /** The same request starting from {@code picture} (null: from noise). */
  public GenerationRequest withStart(StartImage picture) {
    return inputs(picture, hires, loras);
  }

  /** The same request with a hires pass (null: none). */
  public GenerationRequest withHires(Hires pass) {
    return inputs(start, pass, loras);
  }

  /** The same request with these LoRAs (empty: none). */
  public GenerationRequest withLoras(List<LoraChoice> chosen) {
    return inputs(start, hires, chosen);
  }

  /** The same settings with these inputs. */
  private GenerationRequest inputs(StartImage picture, Hires pass, List<LoraChoice> chosen) {
    return new GenerationRequest(
        prompt,
        negativePrompt,
        seed,
        sampler,
        steps,
        guidance,
        width,
        height,
        variants,
        previewEvery,
        picture,
        pass,
        chosen);
  }

  /** The pictures' width: the hires pass's when there is one. */
  public int outputWidth() {
    return hires == null ? width : hires.side(width);
  }

  /** The pictures' height: the hires pass's when there is one. */
  public int outputHeight() {
    return hires == null ? height : hires.side(height);
  }

  /**
   * The model evaluations the run makes: all {@link #steps} from noise, steps × strength rounded
   * down from a start picture (as {@link dev.atelier.diffusion.sampling.SamplingRun.Start} runs
   * them), plus steps × the hires strength for a hires pass.
   */
  public int stepsRun() {
    return firstPassSteps()
        + (hires == null ? 0 : SamplingRun.Start.stepsRun(steps, hires.strength()));
  }

  /** The model evaluations before any hires pass: all steps, or those a start picture runs. */
  public int firstPassSteps() {
    return start == null ? steps : SamplingRun.Start.stepsRun(steps, start.strength());
  }

  /** The seed of variant {@code index}. */
  public long variantSeed(int index) {
    return seed + index;
  }

  public long[] variantSeeds() {
    long[] seeds = new long[variants];
    for (int i = 0; i < variants; i++) {
      seeds[i] = variantSeed(i);
    }
    return seeds;
  }
}
