package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.engine.EngineInfo;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Stable-Diffusion-format loader on the tiny traced fixture ({@code
 * src-test/fixtures/sd-tiny}): DJL must compute what Python torch computed when it traced the
 * graphs ({@code expected.json}), and the whole pipeline must run on it.
 */
class SdFixtureTest {

  static final Path FIXTURE = Path.of(System.getProperty("atelier.fixtures"), "sd-tiny", "model");

  @TempDir Path dir;
  Path model;
  JsonNode expected;

  @BeforeEach
  void importFixture() throws IOException {
    model = dir.resolve("sd-tiny");
    Files.createDirectories(model);
    try (Stream<Path> files = Files.list(FIXTURE)) {
      for (Path f : files.toList()) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
    }
    expected = new ObjectMapper().readTree(model.resolve("expected.json").toFile());
    SdModelImport.write(
        model,
        "sd-tiny",
        "1",
        "CC0-1.0",
        SdConfig.sd15(),
        new GenerationDefaults("ddim", 4, 5.0, 64, 64));
  }

  private SdTorchScriptModel load() {
    return (SdTorchScriptModel) ModelLibrary.load(new ModelLibrary(List.of(dir)).find("sd-tiny@1"));
  }

  @Test
  void djlComputesWhatPythonTorchComputed() {
    try (SdTorchScriptModel sd = load();
        NDManager m = EngineInfo.pytorch().newBaseManager()) {
      long[] ids = sd.tokenIds("Sunset");
      long[] want = new long[77];
      for (int i = 0; i < 77; i++) {
        want[i] = expected.get("input_ids").get(i).asLong();
      }
      assertThat(ids).as("CLIP tokenisation, padding with the end token").containsExactly(want);

      NDArray context = sd.encode("Sunset", 1, m);
      assertThat(context.getShape()).isEqualTo(new Shape(1, 77, 32));
      assertThat(context.toType(DataType.FLOAT64, false).sum().getDouble())
          .isCloseTo(expected.get("text_sum").asDouble(), within(1e-3));

      float[] latents = new float[expected.get("latents").size()];
      for (int i = 0; i < latents.length; i++) {
        latents[i] = (float) expected.get("latents").get(i).asDouble();
      }
      NDArray x = m.create(latents, new Shape(2, 4, 8, 8));
      NDArray contexts = context.concat(context.mul(0.5f), 0);
      NDArray t = m.create(new float[] {999, 500});
      NDArray eps = sd.denoiser().predictNoise(x, t, contexts);
      assertThat(eps.getShape()).isEqualTo(new Shape(2, 4, 8, 8));
      assertThat(eps.toType(DataType.FLOAT64, false).sum().getDouble())
          .isCloseTo(expected.get("eps_sum").asDouble(), within(1e-3));
      float[] first = eps.toFloatArray();
      for (int i = 0; i < 8; i++) {
        assertThat((double) first[i])
            .isCloseTo(expected.get("eps_first").get(i).asDouble(), within(1e-5));
      }

      List<RgbImage> images = sd.decode(x.get("0:1").mul((float) sd.config().scalingFactor()));
      assertThat(images).singleElement().satisfies(i -> assertThat(i.width()).isEqualTo(64));
    }
  }

  @Test
  void fullPipelineRunsAndIsDeterministic() {
    try (SdTorchScriptModel sd = load()) {
      GenerationRequest request =
          new GenerationRequest(
              "sunset over waves", "", 3, SamplerKind.DPMPP_2M_KARRAS, 4, 5.0, 64, 64, 2, 0);
      List<RgbImage> a =
          Pipeline.generate(sd, request, Pipeline.Listener.NONE, CancellationToken.NONE).images();
      List<RgbImage> b =
          Pipeline.generate(sd, request, Pipeline.Listener.NONE, CancellationToken.NONE).images();
      assertThat(a).hasSize(2).isEqualTo(b);
      assertThat(a.get(0)).isNotEqualTo(a.get(1));
      assertThatThrownBy(
              () ->
                  Pipeline.generate(
                      sd,
                      new GenerationRequest("x", "", 1, SamplerKind.DDIM, 2, 1, 100, 64, 1, 0),
                      Pipeline.Listener.NONE,
                      CancellationToken.NONE))
          .hasMessageContaining("multiples of 64");
    }
  }

  @Test
  void alteredOrBogusGraphsAreRefusedClearly() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(model.resolve("unet.pt").toFile(), "rw")) {
      f.seek(500);
      int v = f.read();
      f.seek(500);
      f.write(v ^ 0x10);
    }
    assertThatThrownBy(this::load)
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("unet.pt is corrupt");

    Files.writeString(model.resolve("unet.pt"), "not a torchscript archive");
    SdModelImport.write(
        model,
        "sd-tiny",
        "1",
        "CC0-1.0",
        SdConfig.sd15(),
        new GenerationDefaults("ddim", 4, 5, 64, 64));
    assertThatThrownBy(this::load)
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("sd-tiny@1");

    Files.delete(model.resolve("tokenizer.json"));
    assertThatThrownBy(
            () ->
                SdModelImport.write(
                    model,
                    "sd-tiny",
                    "1",
                    "CC0-1.0",
                    SdConfig.sd15(),
                    new GenerationDefaults("ddim", 4, 5, 64, 64)))
        .hasMessageContaining("lacks tokenizer.json");
  }
}
