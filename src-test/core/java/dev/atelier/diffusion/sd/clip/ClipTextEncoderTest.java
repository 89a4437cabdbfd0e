package dev.atelier.diffusion.sd.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.nn.BlockKeys;
import dev.atelier.diffusion.nn.MapWeights;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CLIP text encoder against an implementation Atelier did not write: the reduced random-weight
 * fixture and its reference outputs come from {@code make_fixture.py} (kjsman's PyTorch CLIP, run
 * in float64), and the full-size key list from the same reference's published sizes.
 */
class ClipTextEncoderTest {

  /** The fixture's reduced size: see make_fixture.py. */
  static final ClipTextConfig REDUCED =
      new ClipTextConfig(1000, 64, 2, 4, 77, 256, ClipTextConfig.Activation.QUICK_GELU, 1e-5f);

  static final String PREFIX = ClipTextEncoder.LDM_PREFIX;

  @Test
  void blockKeysAreTheShapeTable() {
    for (ClipTextConfig c : List.of(ClipTextConfig.sd15(), REDUCED)) {
      assertThat(List.copyOf(BlockKeys.of(new ClipTextEncoder(c)).keySet()))
          .containsExactlyElementsOf(ClipTextEncoder.shapes(c).keySet());
    }
  }

  @Test
  void sd15ShapesAreThePublishedKeyList() throws IOException {
    Path tsv = Path.of(System.getProperty("atelier.fixtures"), "sd15", "text-keys.tsv");
    Map<String, Shape> published = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] f = line.split("\t");
        long[] dims = Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong).toArray();
        published.put(f[0], new Shape(dims));
      }
    }
    Map<String, Shape> ours = new LinkedHashMap<>();
    ClipTextEncoder.shapes(ClipTextConfig.sd15()).forEach((k, s) -> ours.put(PREFIX + k, s));
    assertThat(published).hasSize(196).isEqualTo(ours);
  }

  @Test
  void matchesTheReferenceOnTheFixture() throws IOException {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      ClipTextEncoder encoder = new ClipTextEncoder(REDUCED);
      List<String> unused = encoder.load(fixtureWeights(m), PREFIX, m);
      assertThat(unused).as("position_ids is ignored").isEmpty();

      Map<String, NDArray> expected = ClipFixtures.read("text-encoder-expected.safetensors", m);
      NDArray ids = expected.get("ids");
      NDArray want = expected.get("output");
      NDArray got = encoder.forward(new ParameterStore(m, false), new NDList(ids), false).head();
      assertThat(got.getShape()).isEqualTo(new Shape(2, 77, 64));
      float maxAbs = got.sub(want).abs().max().getFloat();
      System.out.printf("CLIP text encoder vs reference: max abs error %.3g%n", maxAbs);
      assertThat(maxAbs).isLessThan(1e-4f);

      NDArray one = encoder.encode(ids.get(1).toLongArray(), m);
      assertThat(one.get(0).sub(want.get(1)).abs().max().getFloat()).isLessThan(1e-4f);
    }
  }

  @Test
  void aTokenSeesOnlyTheTokensBeforeIt() throws IOException {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      ClipTextEncoder encoder = new ClipTextEncoder(REDUCED);
      encoder.load(fixtureWeights(m), PREFIX, m);
      long[] row = new long[77];
      Arrays.fill(row, 999);
      row[0] = 998;
      row[1] = 5;
      NDArray before = encoder.encode(row, m);
      row[40] = 7;
      NDArray after = encoder.encode(row, m);
      assertThat(after.get(":, :40").sub(before.get(":, :40")).abs().max().getFloat()).isZero();
      assertThat(after.get(":, 40:").sub(before.get(":, 40:")).abs().max().getFloat())
          .isGreaterThan(1e-3f);
    }
  }

  @Test
  void extraKeysAreReportedAndWrongShapesRefused() throws IOException {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> w = ClipFixtures.read("text-encoder.safetensors", m);
      w.put(PREFIX + "text_projection.weight", m.ones(new Shape(2, 2)));
      assertThat(new ClipTextEncoder(REDUCED).load(new MapWeights(w), PREFIX, m))
          .containsExactly(PREFIX + "text_projection.weight");

      w.put(PREFIX + "encoder.layers.1.mlp.fc1.weight", m.ones(new Shape(256, 65)));
      assertThatThrownBy(() -> new ClipTextEncoder(REDUCED).load(new MapWeights(w), PREFIX, m))
          .isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining("encoder.layers.1.mlp.fc1.weight has shape (256, 65)");
      w.put(PREFIX + "encoder.layers.1.mlp.fc1.weight", m.ones(new Shape(256, 64)));
      w.remove(PREFIX + "final_layer_norm.bias");
      assertThatThrownBy(() -> new ClipTextEncoder(REDUCED).load(new MapWeights(w), PREFIX, m))
          .isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining("final_layer_norm.bias");
    }
  }

  @Test
  void idsOutsideTheVocabularyOrWindowAreRefused() throws IOException {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      ClipTextEncoder encoder = new ClipTextEncoder(REDUCED);
      encoder.load(fixtureWeights(m), PREFIX, m);
      assertThatThrownBy(() -> encoder.encode(new long[] {998, 1000, 999}, m))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1000");
      assertThatThrownBy(() -> encoder.encode(new long[78], m))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static MapWeights fixtureWeights(NDManager m) throws IOException {
    return new MapWeights(ClipFixtures.read("text-encoder.safetensors", m));
  }
}
