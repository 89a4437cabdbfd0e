package dev.atelier.diffusion;

import java.util.Map;

/** What a model suggests for the generate form. */
public record GenerationDefaults(
    String sampler, int steps, double guidance, int width, int height) {

  /**
   * The {@code defaults} object of a {@code model.json}, each missing value taken from {@code
   * fallback}.
   */
  public static GenerationDefaults from(Map<String, Object> values, GenerationDefaults fallback) {
    Map<String, Object> d = values == null ? Map.of() : values;
    return new GenerationDefaults(
        String.valueOf(d.getOrDefault("sampler", fallback.sampler())),
        ((Number) d.getOrDefault("steps", fallback.steps())).intValue(),
        ((Number) d.getOrDefault("guidance", fallback.guidance())).doubleValue(),
        ((Number) d.getOrDefault("width", fallback.width())).intValue(),
        ((Number) d.getOrDefault("height", fallback.height())).intValue());
  }
}
