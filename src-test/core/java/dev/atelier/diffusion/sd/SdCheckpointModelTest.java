package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.LoadListener;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imported single-file SD 1.x checkpoint runs through the same pipeline as every other model:
 * loaded with progress after its hash is checked, sampled with guidance, previewed cheaply, decoded
 * by its VAE, and cancelled inside a UNet evaluation.
 */
class SdCheckpointModelTest {

  @TempDir static Path home;
  static Path checkpoint;
  static ModelLibrary.Installed installed;

  @BeforeAll
  static void importCheckpoint() throws Exception {
    checkpoint = RunnableCheckpoints.write(home.resolve("Downloads/tiny-sd1.safetensors"), 7);
    installed =
        CheckpointImport.run(
                checkpoint, home.resolve("models"), null, null, null, CancellationToken.NONE)
            .model();
  }

  private static GenerationRequest request(String prompt, long seed, int size, int variants) {
    return new GenerationRequest(
        prompt, "blurry", seed, SamplerKind.DPMPP_2M_KARRAS, 3, 7.5, size, size, variants, 1);
  }

  @Test
  void loadsWithProgressAndGeneratesDeterministically() {
    Map<LoadListener.Phase, List<long[]>> progress = new EnumMap<>(LoadListener.Phase.class);
    try (DiffusionModel model =
        ModelLibrary.load(
            installed,
            (phase, done, total) ->
                progress
                    .computeIfAbsent(phase, p -> new ArrayList<>())
                    .add(new long[] {done, total}),
            CancellationToken.NONE)) {
      assertThat(model).isInstanceOf(SdCheckpointModel.class);
      assertThat(progress.keySet())
          .containsExactly(LoadListener.Phase.VERIFYING, LoadListener.Phase.READING_WEIGHTS);
      long[] lastRead = progress.get(LoadListener.Phase.READING_WEIGHTS).getLast();
      assertThat(lastRead[0]).isEqualTo(lastRead[1]).isGreaterThan(40_000_000L);
      assertThat(model.weightsSha256()).isEqualTo(installed.manifest().files().getFirst().sha256());

      List<List<RgbImage>> previews = new ArrayList<>();
      Pipeline.Listener listener =
          new Pipeline.Listener() {
            @Override
            public void onPreview(int step, int total, List<RgbImage> images) {
              previews.add(images);
            }
          };
      List<RgbImage> a =
          Pipeline.generate(
                  model, request("a red fox", 11, 32, 2), listener, CancellationToken.NONE)
              .images();
      List<RgbImage> again =
          Pipeline.generate(
                  model,
                  request("a red fox", 11, 32, 2),
                  Pipeline.Listener.NONE,
                  CancellationToken.NONE)
              .images();
      List<RgbImage> otherPrompt =
          Pipeline.generate(
                  model,
                  request("a blue whale", 11, 32, 2),
                  Pipeline.Listener.NONE,
                  CancellationToken.NONE)
              .images();

      assertThat(a).hasSize(2).isEqualTo(again);
      assertThat(a.get(0)).isNotEqualTo(a.get(1));
      assertThat(otherPrompt.get(0)).isNotEqualTo(a.get(0));
      assertThat(a.get(0).width()).isEqualTo(32);
      assertThat(a.get(0).height()).isEqualTo(32);
      // previews after steps 1 and 2 of 3, at the picture's size, without the decoder
      assertThat(previews).hasSize(2);
      assertThat(previews.getFirst())
          .hasSize(2)
          .allSatisfy(p -> assertThat(p.width()).isEqualTo(32));
      assertThat(distinctColours(a.get(0))).isGreaterThan(50);
    }
  }

  @Test
  void cancelStopsInsideTheFirstUNetEvaluation() {
    AtomicInteger polls = new AtomicInteger();
    AtomicInteger steps = new AtomicInteger();
    try (DiffusionModel model = ModelLibrary.load(installed)) {
      // The sampler polls once before each step; the UNet polls between its blocks. Cancelling on
      // the fifth poll can only stop the run before its first step ends if the UNet polls.
      CancellationToken fifthPoll = () -> polls.incrementAndGet() >= 5;
      assertThatThrownBy(
              () ->
                  Pipeline.generate(
                      model,
                      request("a red fox", 1, 32, 1),
                      new Pipeline.Listener() {
                        @Override
                        public void onStep(int step, int total) {
                          steps.incrementAndGet();
                        }
                      },
                      fifthPoll))
          .isInstanceOf(CancellationException.class);
      assertThat(steps.get()).isZero();
    }
  }

  @Test
  void sizesMustBeMultiplesOfTheNetworksStride() {
    try (DiffusionModel model = ModelLibrary.load(installed)) {
      assertThat(model.sampleShape(64, 32).getShape()).containsExactly(4, 16, 32);
      assertThatThrownBy(() -> model.sampleShape(30, 32))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("multiples of 4 pixels");
    }
  }

  @Test
  void aCheckpointChangedAfterImportIsRefusedAndCancelWorksWhileHashing() throws Exception {
    Path copy = RunnableCheckpoints.write(home.resolve("Elsewhere/changed.safetensors"), 8);
    ModelLibrary.Installed imported =
        CheckpointImport.run(copy, home.resolve("models"), "changed", null, null, null).model();
    assertThatThrownBy(
            () ->
                ModelLibrary.load(
                    imported,
                    LoadListener.NONE,
                    () -> true)) // cancelled from the start: stops while hashing
        .isInstanceOf(CancellationException.class);
    try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
      f.seek(f.length() - 10);
      int v = f.read();
      f.seek(f.length() - 10);
      f.write(v ^ 0x01);
    }
    assertThatThrownBy(() -> ModelLibrary.load(imported))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("changed.safetensors is corrupt");
  }

  private static long distinctColours(RgbImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    byte[] rgb = image.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      colours.add((rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
    }
    return colours.size();
  }
}
