package dev.atelier.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.engine.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyTrainerTest {

  private static final TinyUNetConfig SMALL =
      new TinyUNetConfig(16, 2, List.of(16, 32), 1, 32, 4, 2, 2, Prediction.V);

  /** Four flat-colour 16 px images: two "styles" × two "palettes". */
  private static TrainingImages flatColours(String hash) {
    return new TrainingImages() {
      @Override
      public int size() {
        return 4;
      }

      @Override
      public int imageSize() {
        return 16;
      }

      @Override
      public Item get(int index) {
        float[] chw = new float[3 * 16 * 16];
        for (int c = 0; c < 3; c++) {
          float v = ((index + c) % 3 - 1) * 0.8f;
          java.util.Arrays.fill(chw, c * 256, (c + 1) * 256, v);
        }
        return new Item(chw, index % 2, index / 2);
      }

      @Override
      public String datasetHash() {
        return hash;
      }
    };
  }

  private static double[] linearSchedule() {
    double[] ab = new double[100];
    double prod = 1;
    for (int i = 0; i < ab.length; i++) {
      prod *= 1 - (1e-4 + (0.2 - 1e-4) * i / 99.0);
      ab[i] = prod;
    }
    return ab;
  }

  private static TinyTrainer.Settings settings(int steps) {
    return new TinyTrainer.Settings(steps, 8, 2e-3, 5, 0.0, 0.9, 0.1, 3L, 3);
  }

  private static Map<String, float[]> snapshot(Map<String, NDArray> weights) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    weights.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  @Test
  void styleWeightsDrawEachStyleInProportion() {
    TinyTrainer weighted =
        new TinyTrainer(SMALL, linearSchedule(), settings(1).withStyleWeights(List.of(1.0, 4.0)));
    SplittableRandom random = new SplittableRandom(11);
    int[] drawn = new int[2];
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      drawn[weighted.draw(flatColours("a"), random).style()]++;
    }
    // Both styles have two images, so style 1 should be drawn 4 / (1 + 4) of the time.
    assertThat(drawn[1] / (double) draws).isCloseTo(0.8, within(0.015));
  }

  @Test
  void withoutStyleWeightsTheDrawIsTheUniformOneOfEarlierRuns() {
    TinyTrainer plain = new TinyTrainer(SMALL, linearSchedule(), settings(1));
    SplittableRandom a = new SplittableRandom(5);
    SplittableRandom b = new SplittableRandom(5);
    TrainingImages images = flatColours("a");
    for (int i = 0; i < 200; i++) {
      // One uniform index per image, as before weights existed, so old runs resume unchanged.
      int expected = b.nextInt(images.size());
      assertThat(plain.draw(images, a).style()).isEqualTo(expected % 2);
    }
    assertThat(a.nextLong()).isEqualTo(b.nextLong());
  }

  @Test
  void settingsReadFromAManifestWithoutStyleWeightsDrawUniformly() throws Exception {
    ObjectMapper json = new ObjectMapper();
    TinyTrainer.Settings old =
        json.readValue(
            "{\"steps\":4000,\"batchSize\":32,\"learningRate\":5.0E-4,\"warmupSteps\":100,"
                + "\"weightDecay\":0.01,\"emaDecay\":0.999,\"labelDropout\":0.15,\"seed\":1,"
                + "\"checkpointEvery\":200}",
            TinyTrainer.Settings.class);
    assertThat(old.styleWeights()).isEmpty();
    assertThat(old)
        .isEqualTo(new TinyTrainer.Settings(4000, 32, 5e-4, 100, 0.01, 0.999, 0.15, 1L, 200));
    TinyTrainer.Settings weighted = settings(5).withStyleWeights(List.of(1.0, 2.5));
    assertThat(json.readValue(json.writeValueAsString(weighted), TinyTrainer.Settings.class))
        .isEqualTo(weighted);
    assertThatThrownBy(() -> settings(5).withStyleWeights(List.of(1.0, 0.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  @Test
  void lossFallsOnASimpleImageSet(@TempDir Path work) {
    List<Float> losses = new ArrayList<>();
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      new TinyTrainer(SMALL, linearSchedule(), settings(60))
          .train(
              flatColours("a"), work, m, (s, total, loss, rate) -> losses.add(loss), () -> false);
    }
    double first =
        losses.subList(0, 10).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    double last =
        losses.subList(50, 60).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    assertThat(losses).hasSize(60);
    assertThat(last).isLessThan(first * 0.9);
  }

  @Test
  void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes(@TempDir Path work) {
    Map<String, float[]> straight;
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      straight =
          snapshot(
              new TinyTrainer(SMALL, linearSchedule(), settings(6))
                  .train(
                      flatColours("a"),
                      work.resolve("straight"),
                      m,
                      (s, t, l, r) -> {},
                      () -> false));
    }
    Path resumed = work.resolve("resumed");
    AtomicInteger seen = new AtomicInteger();
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      TinyTrainer trainer = new TinyTrainer(SMALL, linearSchedule(), settings(6));
      assertThatThrownBy(
              () ->
                  trainer.train(
                      flatColours("a"),
                      resumed,
                      m,
                      (s, t, l, r) -> seen.set(s),
                      () -> seen.get() == 4))
          .isInstanceOf(CancellationException.class);
    }
    assertThat(resumed.resolve("checkpoint.ndlist")).exists();
    List<Integer> steps = new ArrayList<>();
    Map<String, float[]> continued;
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      continued =
          snapshot(
              new TinyTrainer(SMALL, linearSchedule(), settings(6))
                  .train(flatColours("a"), resumed, m, (s, t, l, r) -> steps.add(s), () -> false));
    }
    assertThat(steps).as("resumes after the checkpoint written on cancel").containsExactly(5, 6);
    assertThat(continued.keySet()).isEqualTo(straight.keySet());
    continued.forEach((k, v) -> assertThat(v).as(k).containsExactly(straight.get(k)));
  }

  @Test
  void aRunStoppedAfterAStepContinuesAsTheSameRun(@TempDir Path work) {
    Map<String, float[]> straight;
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      straight =
          snapshot(
              new TinyTrainer(SMALL, linearSchedule(), settings(6))
                  .train(flatColours("a"), work.resolve("a"), m, (s, t, l, r) -> {}, () -> false));
    }
    List<Integer> steps = new ArrayList<>();
    Map<String, float[]> continued;
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      TinyTrainer first = new TinyTrainer(SMALL, linearSchedule(), settings(6)).stoppingAfter(4);
      first.train(
          flatColours("a"), work.resolve("b"), m, (s, t, l, r) -> steps.add(s), () -> false);
      assertThat(first.stepsCompleted()).isEqualTo(4);
      continued =
          snapshot(
              new TinyTrainer(SMALL, linearSchedule(), settings(6))
                  .train(
                      flatColours("a"),
                      work.resolve("b"),
                      m,
                      (s, t, l, r) -> steps.add(s),
                      () -> false));
    }
    assertThat(steps).containsExactly(1, 2, 3, 4, 5, 6);
    continued.forEach((k, v) -> assertThat(v).as(k).containsExactly(straight.get(k)));
  }

  @Test
  void aCheckpointOfAnotherImageSetIsRefused(@TempDir Path work) {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      new TinyTrainer(SMALL, linearSchedule(), settings(3))
          .train(flatColours("a"), work, m, (s, t, l, r) -> {}, () -> false);
      assertThatThrownBy(
              () ->
                  new TinyTrainer(SMALL, linearSchedule(), settings(6))
                      .train(flatColours("b"), work, m, (s, t, l, r) -> {}, () -> false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another model or image set");
    }
  }

  @Test
  void weightsRoundTripAsHalfPrecisionAndMismatchesAreRefused(@TempDir Path work) throws Exception {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> weights =
          new TinyTrainer(SMALL, linearSchedule(), settings(3))
              .train(flatColours("a"), work, m, (s, t, l, r) -> {}, () -> false);
      Path file = work.resolve(TinyWeights.FILE_NAME);
      TinyWeights.write(file, weights);
      TinyUNet loaded = TinyWeights.load(file, SMALL, m);
      for (Pair<String, Parameter> p : loaded.getParameters()) {
        float[] expected =
            weights
                .get(p.getKey())
                .toType(DataType.FLOAT16, false)
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        assertThat(p.getValue().getArray().toFloatArray()).as(p.getKey()).containsExactly(expected);
      }
      TinyUNetConfig wider =
          new TinyUNetConfig(16, 2, List.of(16, 48), 1, 32, 4, 2, 2, Prediction.V);
      assertThatThrownBy(() -> TinyWeights.load(file, wider, m))
          .isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining("does not fit the model");
      Files.write(file, new byte[] {1, 2, 3});
      assertThatThrownBy(() -> TinyWeights.load(file, SMALL, m))
          .isInstanceOf(ModelIntegrityException.class);
    }
  }

  @Test
  void aRunCanStartFromSavedWeights(@TempDir Path work) throws Exception {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> first =
          new TinyTrainer(SMALL, linearSchedule(), settings(3))
              .train(flatColours("a"), work.resolve("a"), m, (s, t, l, r) -> {}, () -> false);
      Path file = work.resolve(TinyWeights.FILE_NAME);
      TinyWeights.write(file, first);
      // Zero steps from the saved weights: the result is exactly what was saved.
      Map<String, NDArray> again =
          new TinyTrainer(SMALL, linearSchedule(), settings(0))
              .startingFrom(file)
              .train(flatColours("a"), work.resolve("b"), m, (s, t, l, r) -> {}, () -> false);
      for (Map.Entry<String, NDArray> e : first.entrySet()) {
        float[] saved =
            e.getValue()
                .toType(DataType.FLOAT16, false)
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        assertThat(again.get(e.getKey()).toFloatArray()).as(e.getKey()).containsExactly(saved);
      }
    }
  }

  @Test
  void trainingStepsLeaveNoNativeArraysBehind(@TempDir Path work) {
    List<String> resources = new ArrayList<>();
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      new TinyTrainer(SMALL, linearSchedule(), settings(12))
          .train(
              flatColours("a"),
              work,
              m,
              (s, t, l, r) -> {
                if (s == 2 || s == 12) {
                  resources.add(m.toString().replaceAll(".*Resource size: ", ""));
                }
              },
              () -> false);
    }
    assertThat(resources).hasSize(2);
    assertThat(resources.get(1))
        .as("live arrays after 12 steps vs after 2")
        .isEqualTo(resources.get(0));
  }
}
