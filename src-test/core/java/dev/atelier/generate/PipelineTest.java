package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.diffusion.tiny.TinyDiffusionModel;
import dev.atelier.diffusion.tiny.TinyModelAccess;
import dev.atelier.task.CancellationToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

  @TempDir static Path dir;
  static TinyDiffusionModel model;

  @BeforeAll
  static void load() {
    model = TinyDiffusionModel.load(TestModels.smallModel(dir, 3));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static GenerationRequest request(long seed, SamplerKind sampler, int variants) {
    return new GenerationRequest(
        "sunset in ember colours", "", seed, sampler, 6, 3.0, 32, 32, variants, 0);
  }

  @Test
  void sameRequestGivesTheSamePixelsForEverySampler() {
    for (SamplerKind kind : SamplerKind.values()) {
      List<RgbImage> a =
          Pipeline.generate(
                  model, request(42, kind, 2), Pipeline.Listener.NONE, CancellationToken.NONE)
              .images();
      List<RgbImage> b =
          Pipeline.generate(
                  model, request(42, kind, 2), Pipeline.Listener.NONE, CancellationToken.NONE)
              .images();
      assertThat(a).as(kind.id()).hasSize(2).isEqualTo(b);
      assertThat(a.get(0)).as("variants differ").isNotEqualTo(a.get(1));
      assertThat(a.get(0).width()).isEqualTo(32);
    }
  }

  @Test
  void anotherSeedOrPromptGivesOtherPixels() {
    RgbImage base =
        Pipeline.generate(
                model,
                request(42, SamplerKind.DDIM, 1),
                Pipeline.Listener.NONE,
                CancellationToken.NONE)
            .images()
            .get(0);
    RgbImage otherSeed =
        Pipeline.generate(
                model,
                request(43, SamplerKind.DDIM, 1),
                Pipeline.Listener.NONE,
                CancellationToken.NONE)
            .images()
            .get(0);
    assertThat(otherSeed).isNotEqualTo(base);
  }

  @Test
  void eachVariantCanBeRemadeAloneFromItsSeed() {
    List<RgbImage> batch =
        Pipeline.generate(
                model,
                request(100, SamplerKind.DDIM, 3),
                Pipeline.Listener.NONE,
                CancellationToken.NONE)
            .images();
    RgbImage alone =
        Pipeline.generate(
                model,
                request(102, SamplerKind.DDIM, 1),
                Pipeline.Listener.NONE,
                CancellationToken.NONE)
            .images()
            .get(0);
    // Same noise; batched convolutions may round differently in the last bit, so allow 2 levels.
    byte[] x = batch.get(2).rgb();
    byte[] y = alone.rgb();
    int worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs((x[i] & 0xff) - (y[i] & 0xff)));
    }
    assertThat(worst).isLessThanOrEqualTo(2);
  }

  @Test
  void previewsArriveEveryKStepsAndCancellationStopsPromptly() {
    List<Integer> previewSteps = new ArrayList<>();
    GenerationRequest withPreviews =
        new GenerationRequest("waves", "", 1, SamplerKind.EULER_ANCESTRAL, 6, 2, 32, 32, 2, 2);
    Pipeline.generate(
        model,
        withPreviews,
        new Pipeline.Listener() {
          @Override
          public void onPreview(int step, int total, List<RgbImage> previews) {
            assertThat(previews).hasSize(2);
            previewSteps.add(step);
          }
        },
        CancellationToken.NONE);
    assertThat(previewSteps).containsExactly(2, 4);

    AtomicInteger steps = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Pipeline.generate(
                    model,
                    withPreviews,
                    new Pipeline.Listener() {
                      @Override
                      public void onStep(int step, int total) {
                        steps.set(step);
                      }
                    },
                    () -> steps.get() >= 3))
        .isInstanceOf(CancellationException.class);
    assertThat(steps.get()).isEqualTo(3);
  }

  @Test
  void sizesTheModelCannotMakeAreRefusedInPlainWords() {
    assertThatThrownBy(
            () ->
                Pipeline.generate(
                    model,
                    new GenerationRequest("x", "", 1, SamplerKind.DDIM, 2, 1, 50, 40, 1, 0),
                    Pipeline.Listener.NONE,
                    CancellationToken.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("square images of 32 to 256 pixels");
  }

  @Test
  void badRequestsAreRefused() {
    assertThatThrownBy(() -> request(1, SamplerKind.DDIM, 0)).hasMessageContaining("Variants");
    assertThatThrownBy(
            () -> new GenerationRequest("x", "", 1, SamplerKind.DDIM, 0, 3, 64, 64, 1, 0))
        .hasMessageContaining("Steps");
    assertThatThrownBy(
            () -> new GenerationRequest("x", "", 1, SamplerKind.DDIM, 5, 0.5, 64, 64, 1, 0))
        .hasMessageContaining("Guidance");
    assertThatThrownBy(
            () -> new GenerationRequest("x", "", 1, SamplerKind.LCM, 51, 1.5, 64, 64, 1, 0))
        .hasMessage("The lcm sampler takes 1 to 50 steps, not 51");
    assertThat(new GenerationRequest("x", "", 1, SamplerKind.LCM, 50, 1.5, 64, 64, 1, 0).steps())
        .isEqualTo(50);
  }

  @Test
  void generationsLeaveNothingInTheModelsMemory() {
    GenerationRequest r = request(5, SamplerKind.DPMPP_2M_KARRAS, 2);
    Pipeline.generate(model, r, Pipeline.Listener.NONE, CancellationToken.NONE);
    String before = TinyModelAccess.resources(model);
    for (int i = 0; i < 10; i++) {
      Pipeline.generate(model, r, Pipeline.Listener.NONE, CancellationToken.NONE);
    }
    assertThat(TinyModelAccess.resources(model)).isEqualTo(before);
  }
}
