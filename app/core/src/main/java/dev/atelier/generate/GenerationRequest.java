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
 * @param mask which part of the start picture to paint again (inpainting), or null for all of it;
 *     needs a start picture
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
    InpaintMask mask,
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

    /** The strength of a hires pass when none is chosen. */
    public static final double DEFAULT_STRENGTH = 0.5;

    public Hires {
      requireScale(scale);
      requireStrength(strength);
    }

    /**
     * @throws IllegalArgumentException unless {@code scale} is more than 1 and at most 2
     */
    public static void requireScale(double scale) {
      if (!(scale > 1 && scale <= 2)) {
        throw new IllegalArgumentException(
            "The hires scale must be more than 1 and at most 2, not " + scale);
      }
    }

    /**
     * @throws IllegalArgumentException unless {@code strength} is above 0 and at most 1
     */
    public static void requireStrength(double strength) {
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

    /** The strength of a start picture when none is chosen. */
    public static final double DEFAULT_STRENGTH = 0.6;

    public StartImage {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(sha256, "sha256");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("Not a SHA-256 in hex: " + sha256);
      }
      requireStrength(strength);
    }

    /**
     * @throws IllegalArgumentException unless {@code strength} is above 0 and at most 1
     */
    public static void requireStrength(double strength) {
      if (!(strength > 0 && strength <= 1)) {
        throw new IllegalArgumentException(
            "Strength must be above 0 and at most 1, not " + strength);
      }
    }
  }

  /**
   * Inpainting: which part of the start picture is painted again. The mask is scaled and cut to the
   * generation's size as the start picture is ({@link dev.atelier.diffusion.GrayImage#cover}), so
   * it must have the start picture's proportions; its edge is then blurred by {@code blur} pixels.
   * The generated pixels are pasted over the start picture through the blurred mask, so that
   * wherever it is 0 the start picture comes back exactly ({@link dev.atelier.diffusion.SoftMask}).
   *
   * @param mask gray, any size: white (255) is painted again, black (0) kept, gray between blends
   *     (the convention of web UI and diffusers)
   * @param sha256 SHA-256 (hex) of the mask's file as it was read, or, for a mask made in memory
   *     (or inverted), of its {@link dev.atelier.diffusion.GrayImage#toPng} bytes ({@link #of}):
   *     what the record keeps of it
   * @param blur the seam's blur in pixels of the generated picture, 0 (a hard edge) to {@value
   *     #MAX_BLUR}: the Gaussian's standard deviation, as web UI's "Mask blur" ({@link
   *     #defaultBlur})
   */
  public record InpaintMask(dev.atelier.diffusion.GrayImage mask, String sha256, int blur) {

    /** The largest blur, in pixels. */
    public static final int MAX_BLUR = 64;

    public InpaintMask {
      Objects.requireNonNull(mask, "mask");
      Objects.requireNonNull(sha256, "sha256");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("Not a SHA-256 in hex: " + sha256);
      }
      requireBlur(blur);
    }

    /**
     * @throws IllegalArgumentException unless {@code blur} is 0 to {@value #MAX_BLUR}
     */
    public static void requireBlur(int blur) {
      if (blur < 0 || blur > MAX_BLUR) {
        throw new IllegalArgumentException(
            "The mask blur must be 0 to " + MAX_BLUR + " pixels, not " + blur);
      }
    }

    /**
     * A mask made in memory (the studio's painted mask): its SHA-256 is that of its PNG encoding
     * ({@link dev.atelier.diffusion.GrayImage#toPng}), which is the file to keep with the record.
     */
    public static InpaintMask of(dev.atelier.diffusion.GrayImage mask, int blur) {
      return new InpaintMask(mask, dev.atelier.hashing.Hashes.sha256Hex(mask.toPng()), blur);
    }

    /**
     * The blur for pictures of this size when none is chosen: web UI's 4 pixels at 512, in
     * proportion to the longer side, rounded, at least 1 (2 at 256, 8 at 1024).
     */
    public static int defaultBlur(int width, int height) {
      return (int) Math.max(1, Math.min(MAX_BLUR, Math.round(4.0 * Math.max(width, height) / 512)));
    }

    /** The same mask with another seam blur, in pixels. */
    public InpaintMask withBlur(int pixels) {
      return new InpaintMask(mask, sha256, pixels);
    }

    /**
     * The same mask the other way round (what was painted is kept, and the rest painted again); its
     * SHA-256 is then that of the inverted mask's PNG.
     */
    public InpaintMask inverted() {
      return of(mask.inverted(), blur);
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
    if (mask != null) {
      requireFits(mask, start, hires);
    }
  }

  /**
   * @throws IllegalArgumentException when the mask has no start picture, a hires pass, or other
   *     proportions than the start picture
   */
  private static void requireFits(InpaintMask mask, StartImage start, Hires hires) {
    if (start == null) {
      throw new IllegalArgumentException(
          "An inpainting mask needs a start picture: it says which part of it to paint again");
    }
    if (hires != null) {
      throw new IllegalArgumentException("Inpainting does not combine with a hires pass");
    }
    int mw = mask.mask().width();
    int mh = mask.mask().height();
    int pw = start.image().width();
    int ph = start.image().height();
    if (Math.abs((double) mw * ph - (double) mh * pw)
        > 0.01 * Math.max((double) mw * ph, mh * pw)) {
      throw new IllegalArgumentException(
          "The mask is "
              + mw
              + "×"
              + mh
              + " but the start picture "
              + pw
              + "×"
              + ph
              + ": a mask must have the start picture's proportions");
    }
  }

  /**
   * The same request starting from {@code picture} (null: from noise).
   *
   * @throws IllegalArgumentException when the request has a mask and {@code picture} is null
   */
  public GenerationRequest withStart(StartImage picture) {
    return inputs(picture, mask, hires, loras);
  }

  /**
   * The same request painting again only where {@code inpaint} says (null: everywhere).
   *
   * @throws IllegalArgumentException when there is no start picture, there is a hires pass, or the
   *     mask's proportions are not the start picture's
   */
  public GenerationRequest withMask(InpaintMask inpaint) {
    return inputs(start, inpaint, hires, loras);
  }

  /** The same request with a hires pass (null: none). */
  public GenerationRequest withHires(Hires pass) {
    return inputs(start, mask, pass, loras);
  }

  /** The same request with these LoRAs (empty: none). */
  public GenerationRequest withLoras(List<LoraChoice> chosen) {
    return inputs(start, mask, hires, chosen);
  }

  /** The same settings with these inputs. */
  private GenerationRequest inputs(
      StartImage picture, InpaintMask inpaint, Hires pass, List<LoraChoice> chosen) {
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
        inpaint,
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
