package dev.atelier.diffusion;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a model suggests for the generate form. */
public record GenerationDefaults(
    String sampler, int steps, double guidance, int width, int height) {

  /** What Stable Diffusion 1.x models suggest when their manifest names nothing else. */
  public static final GenerationDefaults STABLE_DIFFUSION =
      new GenerationDefaults("dpmpp-2m-karras", 25, 7.5, 512, 512);

  /** As the {@code defaults} object of a {@code model.json} ({@link #from} reads it back). */
  public Map<String, Object> toMap() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("sampler", sampler);
    d.put("steps", steps);
    d.put("guidance", guidance);
    d.put("width", width);
    d.put("height", height);
    return d;
  }

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
