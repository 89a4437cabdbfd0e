package dev.atelier.generate;

import dev.atelier.diffusion.sampling.SamplerKind;
import java.util.Objects;

/**
 * Everything that decides the pixels of a generation. Variant {@code i} uses seed {@code seed + i},
 * so any variant can be re-made on its own. The prompt is never blank ({@link PromptCheck}); its
 * length is checked against the model when it runs.
 *
 * @param previewEvery decode a preview every this many steps (0 for none)
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
    int previewEvery) {

  public static final int MAX_VARIANTS = 16;
  public static final int MAX_STEPS = 500;

  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    PromptCheck.requireNotBlank(prompt);
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
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
