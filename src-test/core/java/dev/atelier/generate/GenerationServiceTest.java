package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.hashing.Hashes;
import dev.atelier.png.PngText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CancellationException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationServiceTest {

  @TempDir Path dir;

  @Test
  void generationIsRecordedWithItsFilesAndHashes() throws Exception {
    Path modelDir = TestModels.smallModel(dir, 2);
    ModelLibrary library = new ModelLibrary(java.util.List.of(modelDir.getParent()));
    ModelLibrary.Installed installed = library.find("test-tiny");
    try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        DiffusionModel model = ModelLibrary.load(installed)) {
      GenerationService service = new GenerationService(catalog, Clock.systemUTC());
      GenerationRequest request =
          new GenerationRequest("mountains, forest", "", 9, SamplerKind.DDIM, 3, 2, 32, 32, 2, 0);
      GenerationService.Outcome outcome =
          service.generate(
              installed, model, request, dir.resolve("out"), Pipeline.Listener.NONE, () -> false);

      assertThat(outcome.generation().status()).isEqualTo(Generation.Status.DONE);
      assertThat(catalog.models().find("test-tiny@1")).isPresent();
      assertThat(catalog.assets().ofGeneration(outcome.generation().id())).hasSize(2);
      for (Asset a : outcome.variants()) {
        Path file = Path.of(a.filePath());
        assertThat(file).exists();
        assertThat(Hashes.sha256Hex(Files.readAllBytes(file))).isEqualTo(a.fileSha256());
        RgbImage decoded = RgbImage.of(ImageIO.read(file.toFile()));
        assertThat(decoded.pixelSha256())
            .as("PNG holds exactly the generated pixels")
            .isEqualTo(a.pixelSha256());
        assertThat(a.seed()).isEqualTo(9 + a.variantIndex());
        assertThat(PngText.find(Files.readAllBytes(file), ParametersText.KEYWORD))
            .as("each variant carries its own settings, with its own seed")
            .contains(
                "mountains, forest\nSteps: 3, Sampler: DDIM, CFG scale: 2.0, Seed: "
                    + a.seed()
                    + ", Size: 32x32, Model hash: "
                    + model.weightsSha256().substring(0, 10)
                    + ", Model: test-tiny");
      }
      assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**.tmp");

      GenerationRequest cancelled =
          new GenerationRequest("waves", "", 1, SamplerKind.DDIM, 5, 2, 32, 32, 1, 0);
      assertThatThrownBy(
              () ->
                  service.generate(
                      installed,
                      model,
                      cancelled,
                      dir.resolve("out"),
                      Pipeline.Listener.NONE,
                      () -> true))
          .isInstanceOf(CancellationException.class);
      Generation last = catalog.generations().recent(1).get(0);
      assertThat(last.status()).isEqualTo(Generation.Status.CANCELLED);
      assertThat(catalog.assets().ofGeneration(last.id())).isEmpty();
    }
  }

  @Test
  void anInpaintingIsRecordedWithItsStartPictureAndItsMask() throws Exception {
    Path modelDir = TestModels.smallModel(dir, 2);
    ModelLibrary library = new ModelLibrary(java.util.List.of(modelDir.getParent()));
    ModelLibrary.Installed installed = library.find("test-tiny");
    try (Catalog catalog = Catalog.open(dir.resolve("catalog.db"));
        DiffusionModel model = ModelLibrary.load(installed)) {
      GenerationService service = new GenerationService(catalog, Clock.systemUTC());
      GenerationRequest.StartImage start = dev.atelier.testing.InpaintChecks.start(32, 32, 0.7);
      GenerationRequest.InpaintMask mask =
          GenerationRequest.InpaintMask.of(
              dev.atelier.testing.InpaintChecks.rectangle(32, 32, 8, 8, 24, 20), 3);
      GenerationRequest request =
          new GenerationRequest("mountains, forest", "", 9, SamplerKind.DDIM, 4, 2, 32, 32, 1, 0)
              .withStart(start)
              .withMask(mask);
      GenerationService.Outcome outcome =
          service.generate(
              installed, model, request, dir.resolve("out"), Pipeline.Listener.NONE, () -> false);

      assertThat(catalog.generations().inputs(outcome.generation().id()))
          .containsExactly(
              new dev.atelier.catalog.GenerationInput(
                  dev.atelier.catalog.GenerationInput.Role.START_IMAGE, start.sha256(), 0.7),
              new dev.atelier.catalog.GenerationInput(
                  dev.atelier.catalog.GenerationInput.Role.MASK, mask.sha256(), 3));
      Path file = Path.of(outcome.variants().getFirst().filePath());
      assertThat(PngText.find(Files.readAllBytes(file), ParametersText.KEYWORD))
          .hasValueSatisfying(t -> assertThat(t).endsWith("Denoising strength: 0.7, Mask blur: 3"));
      RgbImage decoded = RgbImage.of(ImageIO.read(file.toFile()));
      dev.atelier.testing.InpaintChecks.assertRespected(java.util.List.of(decoded), request);
    }
  }
}
