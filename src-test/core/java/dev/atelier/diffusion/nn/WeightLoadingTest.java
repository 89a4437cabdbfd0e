package dev.atelier.diffusion.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.engine.EngineInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightLoadingTest {

  /** conv (2→4, 3×3) then group norm (2 groups) then a linear layer over the last axis. */
  private static SequentialBlock network() {
    SequentialBlock b = new SequentialBlock();
    b.add(
        Conv2d.builder()
            .setFilters(4)
            .setKernelShape(new Shape(3, 3))
            .optPadding(new Shape(1, 1))
            .build());
    b.add(new GroupNorm(2));
    b.add(Linear.builder().setUnits(3).build());
    return b;
  }

  private static Map<String, Shape> table() {
    Map<String, Shape> t = new LinkedHashMap<>();
    t.put("Conv2d.weight", new Shape(4, 2, 3, 3));
    t.put("Conv2d.bias", new Shape(4));
    t.put("GroupNorm.weight", new Shape(4));
    t.put("GroupNorm.bias", new Shape(4));
    t.put("Linear.weight", new Shape(3, 5));
    t.put("Linear.bias", new Shape(3));
    return t;
  }

  private static Map<String, NDArray> random(NDManager m, String prefix, Map<String, Shape> t) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    t.forEach((k, s) -> out.put(prefix + k, m.randomNormal(s)));
    return out;
  }

  @Test
  void keysFollowTheChildPathWithTorchParameterNames() {
    assertEquals(List.copyOf(table().keySet()), List.copyOf(BlockKeys.of(network()).keySet()));
  }

  @Test
  void loadsEveryTensorAndReportsTheUnusedOnes() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> w = random(m, "net.", table());
      w.put("net.extra.weight", m.ones(new Shape(2)));
      w.put("other.weight", m.ones(new Shape(2)));
      SequentialBlock net = network();
      List<String> unused = WeightLoader.load(net, table(), "net.", new MapWeights(w), m);
      assertEquals(List.of("net.extra.weight"), unused);
      NDArray loaded = BlockKeys.of(net).get("Linear.weight").getArray();
      assertArrayEquals(w.get("net.Linear.weight").toFloatArray(), loaded.toFloatArray());
      NDArray x = m.randomNormal(new Shape(1, 2, 5, 5));
      NDArray y = net.forward(new ParameterStore(m, false), new NDList(x), false).head();
      assertEquals(new Shape(1, 4, 5, 3), y.getShape());
    }
  }

  @Test
  void aWrongShapeOrAMissingTensorIsNamed() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> w = random(m, "", table());
      w.put("Linear.weight", m.ones(new Shape(3, 6)));
      var e =
          assertThrows(
              ModelIntegrityException.class,
              () -> WeightLoader.load(network(), table(), "", new MapWeights(w), m));
      assertTrue(
          e.getMessage().contains("Linear.weight has shape (3, 6), expected (3, 5)"),
          e.getMessage());
      w.remove("Linear.weight");
      e =
          assertThrows(
              ModelIntegrityException.class,
              () -> WeightLoader.load(network(), table(), "", new MapWeights(w), m));
      assertTrue(e.getMessage().contains("Linear.weight"), e.getMessage());
    }
  }

  @Test
  void attentionMatchesTheDefinitionPerHead() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      NDArray q = m.randomNormal(new Shape(2, 3, 4));
      NDArray k = m.randomNormal(new Shape(2, 5, 4));
      NDArray v = m.randomNormal(new Shape(2, 5, 4));
      NDArray out = Attention.scaledDotProduct(q, k, v, 2, null);
      // head 1 of batch 1 by hand: channels 2..3
      NDArray qh = q.get("1, :, 2:4");
      NDArray kh = k.get("1, :, 2:4");
      NDArray vh = v.get("1, :, 2:4");
      NDArray expected = qh.matMul(kh.transpose()).div((float) Math.sqrt(2)).softmax(-1).matMul(vh);
      assertArrayEquals(expected.toFloatArray(), out.get("1, :, 2:4").toFloatArray(), 1e-5f);
      float[] mask = new float[15];
      for (int i = 0; i < 3; i++) {
        for (int j = i + 1; j < 5; j++) {
          mask[i * 5 + j] = -1e9f;
        }
      }
      NDArray causal = m.create(mask, new Shape(3, 5));
      NDArray masked = Attention.scaledDotProduct(q, k, v, 2, causal);
      // the first query sees only the first key, so it returns that key's value
      assertArrayEquals(
          v.get("0, 0, :").toFloatArray(), masked.get("0, 0, :").toFloatArray(), 1e-5f);
    }
  }
}
