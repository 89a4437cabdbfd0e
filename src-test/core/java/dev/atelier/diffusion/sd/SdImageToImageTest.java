package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.OpenCheckpoint;
import dev.atelier.diffusion.sd.vae.Vae;
import dev.atelier.engine.EngineInfo;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image-to-image on a checkpoint: the VAE encoder, read from the checkpoint only when first needed,
 * gives exactly what a VAE loaded with its encoder gives; the run is deterministic, starts from the
 * picture, and makes steps × strength evaluations.
 */
class SdImageToImageTest {

  @TempDir static Path home;
  static ModelLibrary.Installed installed;
  static Path checkpoint;

  @BeforeAll
  static void importCheckpoint() throws Exception {
    checkpoint = RunnableCheckpoints.write(home.resolve("Downloads/i2i-sd1.safetensors"), 21);
    installed =
        CheckpointImport.run(
                checkpoint, home.resolve("models"), null, null, null, CancellationToken.NONE)
            .model();
  }

  /** A smooth picture with some structure, 40×24 (not the generation's size). */
  private static RgbImage picture() {
    int w = 40;
    int h = 24;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (x * 6);
        rgb[i + 1] = (byte) (y * 10);
        rgb[i + 2] = (byte) ((x + y) % 2 == 0 ? 200 : 40);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static GenerationRequest request(double strength) {
    GenerationRequest plain =
        new GenerationRequest("a red fox", "", 11, SamplerKind.DDIM, 10, 7.5, 32, 32, 2, 0);
    return strength == 0
        ? plain
        : plain.withStart(new GenerationRequest.StartImage(picture(), "ab".repeat(32), strength));
  }

  @Test
  void theLazilyReadEncoderEncodesExactlyAsAVaeLoadedWithItsEncoder() {
    RgbImage covered = picture().cover(32, 32);
    try (DiffusionModel model = ModelLibrary.load(installed);
        NDManager manager = EngineInfo.pytorch().newBaseManager();
        OpenCheckpoint open = Checkpoints.open(checkpoint);
        Vae eager =
            Vae.load(
                open.weights(),
                DetectedCheckpoint.VAE_PREFIX,
                RunnableCheckpoints.VAE,
                true,
                manager)) {
      NDArray lazy = model.encodeImage(covered, manager);
      assertThat(lazy.getShape()).isEqualTo(new Shape(1, 4, 16, 16));
      NDArray pixels = manager.create(covered.toChw(), new Shape(1, 3, 32, 32));
      NDArray expected = eager.encode(pixels).mode();
      assertThat(lazy.toFloatArray()).isEqualTo(expected.toFloatArray());
      assertThatThrownBy(() -> model.encodeImage(picture().cover(30, 30), manager))
          .as("a size the networks cannot take")
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aRunFromAPictureIsDeterministicDiffersFromNoiseAndRunsStepsTimesStrength() {
    try (DiffusionModel model = ModelLibrary.load(installed)) {
      List<Integer> steps = new ArrayList<>();
      Pipeline.Listener counting =
          new Pipeline.Listener() {
            @Override
            public void onStep(int step, int total) {
              steps.add(total);
            }
          };
      List<RgbImage> a =
          Pipeline.generate(model, request(0.3), counting, CancellationToken.NONE).images();
      List<RgbImage> again =
          Pipeline.generate(model, request(0.3), Pipeline.Listener.NONE, CancellationToken.NONE)
              .images();
      List<RgbImage> fromNoise =
          Pipeline.generate(model, request(0), Pipeline.Listener.NONE, CancellationToken.NONE)
              .images();
      List<RgbImage> stronger =
          Pipeline.generate(model, request(0.9), Pipeline.Listener.NONE, CancellationToken.NONE)
              .images();

      assertThat(steps).as("3 of 10 steps").containsExactly(3, 3, 3);
      assertThat(a).hasSize(2).isEqualTo(again);
      assertThat(a.get(0)).isNotEqualTo(a.get(1));
      assertThat(a.get(0)).isNotEqualTo(fromNoise.get(0));
      // A low strength keeps more of the picture than a high one.
      RgbImage start = picture().cover(32, 32);
      assertThat(distance(a.get(0), start)).isLessThan(distance(stronger.get(0), start));
    }
  }

  @Test
  void aCheckpointChangedAfterLoadingIsNotReadForTheEncoder() throws Exception {
    Path other = RunnableCheckpoints.write(home.resolve("Elsewhere/moving.safetensors"), 22);
    ModelLibrary.Installed moving =
        CheckpointImport.run(
                other, home.resolve("models"), "moving", null, null, CancellationToken.NONE)
            .model();
    try (DiffusionModel model = ModelLibrary.load(moving);
        NDManager manager = EngineInfo.pytorch().newBaseManager()) {
      Files.write(other, new byte[] {0}, StandardOpenOption.APPEND);
      assertThatThrownBy(() -> model.encodeImage(picture().cover(32, 32), manager))
          .isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining("has changed since");
    }
  }

  /** Mean absolute difference of two same-size pictures' bytes. */
  private static double distance(RgbImage x, RgbImage y) {
    long sum = 0;
    for (int i = 0; i < x.rgb().length; i++) {
      sum += Math.abs((x.rgb()[i] & 0xff) - (y.rgb()[i] & 0xff));
    }
    return (double) sum / x.rgb().length;
  }
}
