package dev.atelier.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.atelier.engine.EngineInfo;
import org.junit.jupiter.api.Test;

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
}
