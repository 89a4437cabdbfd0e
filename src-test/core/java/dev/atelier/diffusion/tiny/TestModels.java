package dev.atelier.diffusion.tiny;

import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small models written by the real builder, for tests that need a model folder quickly. */
public final class TestModels {

  /** 32 px, two levels, a handful of training steps: not pretty, but a real model folder. */
  public static final TinyUNetConfig SMALL_32 =
      new TinyUNetConfig(32, 2, List.of(16, 32), 1, 32, 4, 6, 6, Prediction.V);

  private TestModels() {}

  /** Trains {@code steps} steps on 36 procedural images and writes the model to {@code dir}. */
  public static Path smallModel(Path dir, int steps) {
    ProceduralImages images = new ProceduralImages(new ProceduralDataset(7, 36, 32));
    TinyModelBuilder.build(
        "test-tiny",
        "1",
        "test model",
        SMALL_32,
        new TinyTrainer.Settings(steps, 4, 1e-3, 1, 0, 0.9, 0.1, 5L, 1000),
        images,
        new TinyModelBuilder.Source("procedural", Map.of("seed", 7, "count", 36, "size", 32)),
        dir.resolve("work"),
        dir.resolve("model"),
        (s, t, l, r) -> {},
        () -> false);
    return dir.resolve("model");
  }
}
