package dev.atelier.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.engine.EngineInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyUNetTest {

  @Test
  void forwardKeepsTheImageShapeAndHasAFewMillionParameters() {
    TinyUNetConfig config = TinyUNetConfig.standard();
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      TinyUNet net = new TinyUNet(config);
      net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
      net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64), new Shape(2), new Shape(2, 2));
      long count = net.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
      System.out.println("params " + count);
      assertThat(count).isBetween(1_000_000L, 5_000_000L);
      ParameterStore ps = new ParameterStore(m, false);
      NDArray x = m.randomNormal(new Shape(3, 3, 64, 64));
      NDArray t = m.create(new float[] {10, 500, 999});
      NDArray labels = m.create(new int[] {0, 1, 5, 6, 6, 6}, new Shape(3, 2));
      long start = System.nanoTime();
      NDArray y = net.forward(ps, new NDList(x, t, labels), false).head();
      System.out.println("forward ms " + (System.nanoTime() - start) / 1e6);
      assertThat(y.getShape()).isEqualTo(new Shape(3, 3, 64, 64));
    }
  }

  private static final TinyUNetConfig BASE =
      new TinyUNetConfig(16, 2, List.of(8, 16), 1, 16, 4, 2, 2, Prediction.V);

  private static TinyUNet randomNet(TinyUNetConfig config, NDManager m) {
    TinyUNet net = new TinyUNet(config);
    net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16), new Shape(1), new Shape(1, 2));
    return net;
  }

  private static NDArray predict(TinyUNet net, NDManager m) {
    float[] pixels = new float[2 * 3 * 16 * 16];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    NDArray x = m.create(pixels, new Shape(2, 3, 16, 16));
    NDArray t = m.create(new float[] {20, 700});
    NDArray labels = m.create(new int[] {0, 1, 2, 2}, new Shape(2, 2));
    return net.forward(new ParameterStore(m, false), new NDList(x, t, labels), false).head();
  }

  @Test
  void aNetworkGrownWithTheRefinementStagePredictsExactlyWhatItGrewFrom(@TempDir Path dir)
      throws Exception {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      TinyUNet base = randomNet(BASE, m);
      Map<String, NDArray> weights = new HashMap<>();
      base.getParameters().forEach(p -> weights.put(p.getKey(), p.getValue().getArray()));
      Path file = dir.resolve(TinyWeights.FILE_NAME);
      TinyWeights.write(file, weights);
      TinyUNet saved = TinyWeights.load(file, BASE, m);

      TinyUNet grown = randomNet(BASE.withRefineChannels(8), m);
      grown.zeroOutputLayer();
      assertThatThrownBy(() -> TinyWeights.copyInto(file, grown, m))
          .as("only a growing copy accepts a file without the stage")
          .isInstanceOf(ModelIntegrityException.class)
          .hasMessageContaining("refine_");
      int added = TinyWeights.copyInto(file, grown, m, true);

      long stage = grown.getParameters().keys().stream().filter(TinyUNet::isRefinement).count();
      assertThat(added).isEqualTo((int) stage).isPositive();
      assertThat(saved.getParameters().keys()).noneMatch(TinyUNet::isRefinement);
      assertThat(predict(grown, m).toFloatArray())
          .containsExactly(predict(saved, m).toFloatArray());

      // Once the stage's last convolution is no longer zero, it changes the prediction.
      grown
          .getParameters()
          .forEach(
              p -> {
                if (p.getKey().contains("refine_out")) {
                  p.getValue().getArray().addi(0.05f);
                }
              });
      assertThat(predict(grown, m).toFloatArray()).isNotEqualTo(predict(saved, m).toFloatArray());
    }
  }

  @Test
  void aManifestWrittenBeforeTheRefinementStageReadsAsANetworkWithoutIt() throws Exception {
    String architecture =
        "{\"imageSize\":64,\"patch\":2,\"channels\":[32,64,128],\"blocksPerLevel\":2,"
            + "\"embedDim\":128,\"groups\":8,\"styles\":6,\"palettes\":6,\"prediction\":\"v\"}";
    ObjectMapper json = new ObjectMapper();
    TinyUNetConfig old = json.readValue(architecture, TinyUNetConfig.class);
    assertThat(old.refineChannels()).isZero();
    assertThat(old.withRefineChannels(32)).isEqualTo(TinyUNetConfig.standard());
    assertThat(
            json.readValue(
                json.writeValueAsString(TinyUNetConfig.standard()), TinyUNetConfig.class))
        .isEqualTo(TinyUNetConfig.standard());
    assertThatThrownBy(() -> BASE.withRefineChannels(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4");
  }
}
