package dev.atelier.diffusion.sd.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.nn.MapWeights;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UNet against the reference implementation (CompVis ldm's openaimodel.UNetModel; see
 * src-test/fixtures/sd-native/make_unet_fixture.py): a reduced-channel network with random weights
 * in the real checkpoint layout must predict what the reference predicted for the same inputs.
 */
class SdUNetParityTest {

  private static Map<String, NDArray> weights;
  private static Map<String, NDArray> io;
  private static NDManager fixtures;

  @BeforeAll
  static void readFixture() throws IOException {
    fixtures = EngineInfo.pytorch().newBaseManager();
    weights = FixtureTensors.read(FixtureTensors.DIR.resolve("unet-weights.safetensors"), fixtures);
    io = FixtureTensors.read(FixtureTensors.DIR.resolve("unet-io.safetensors"), fixtures);
  }

  @Test
  void predictsTheReferenceNoiseForANonSquareBatchAtFractionalTimesteps() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      SdUNet unet = new SdUNet(UNetShapesTest.fixture());
      List<String> unused = unet.loadWeights(new MapWeights(weights), "", m);
      assertEquals(List.of(), unused);
      NDArray expected = io.get("eps");
      assertEquals(new Shape(2, 4, 16, 24), expected.getShape());
      assertEquals(17.25f, io.get("t").getFloat(1));
      try (NDManager step = m.newSubManager()) {
        NDArray x = io.get("x").duplicate();
        x.attach(step);
        NDArray eps = unet.predictNoise(x, io.get("t"), io.get("context"));
        assertEquals(step, eps.getManager());
        assertEquals(expected.getShape(), eps.getShape());
        assertClose("UNet", expected, eps, 1e-4f);
      }
    }
  }

  /**
   * A residual block and a spatial transformer on a feature map whose groups have a variance of
   * about 1e-6, where each group norm's own epsilon (1e-5 and 1e-6) shows in the output.
   */
  @Test
  void singleLayersMatchOnAFeatureMapOfTinyVariance() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      SdUNet unet = new SdUNet(UNetShapesTest.fixture());
      unet.loadWeights(new MapWeights(weights), "", m);
      ParameterStore ps = new ParameterStore(m, false);
      Stage stage = unet.inputBlock(1);
      NDArray small = io.get("small");
      NDArray res = ((UNetLayer) stage.layer(0)).apply(ps, small, io.get("emb"), null);
      assertClose("residual block", io.get("res_out"), res, 2e-5f);
      NDArray st = ((UNetLayer) stage.layer(1)).apply(ps, small, null, io.get("context"));
      assertClose("spatial transformer", io.get("st_out"), st, 2e-5f);
    }
  }

  private static void assertClose(String what, NDArray expected, NDArray actual, float tolerance) {
    assertEquals(expected.getShape(), actual.getShape());
    float maxAbs = actual.sub(expected).abs().max().getFloat();
    float scale = expected.abs().max().getFloat();
    System.out.printf(
        Locale.ROOT, "%s parity: max abs error %.3g, max |out| %.3g%n", what, maxAbs, scale);
    assertTrue(scale > 0.1f, what + " output is not degenerate");
    assertTrue(maxAbs < tolerance, what + ": max abs error " + maxAbs);
  }

  @Test
  void timestepFeaturesAreCosinesThenSines() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      NDArray t = m.create(new float[] {0f, 2.5f});
      float[] f = SdUNet.timestepEmbedding(t, 8).toFloatArray();
      for (int i = 0; i < 4; i++) {
        double freq = Math.exp(-Math.log(10_000) * i / 4);
        assertEquals(1.0, f[i], 1e-6);
        assertEquals(0.0, f[4 + i], 1e-6);
        assertEquals(Math.cos(2.5 * freq), f[8 + i], 1e-6);
        assertEquals(Math.sin(2.5 * freq), f[12 + i], 1e-6);
      }
    }
  }

  @Test
  void refusesMisshapenWeightsAndInputs() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> bad = new java.util.LinkedHashMap<>(weights);
      bad.put("middle_block.1.proj_in.weight", m.zeros(new Shape(32, 32, 3, 3)));
      SdUNet unet = new SdUNet(UNetShapesTest.fixture());
      var e =
          assertThrows(
              ModelIntegrityException.class, () -> unet.loadWeights(new MapWeights(bad), "", m));
      assertTrue(e.getMessage().contains("middle_block.1.proj_in.weight"), e.getMessage());

      unet.loadWeights(new MapWeights(weights), "", m);
      NDArray ctx = m.zeros(new Shape(1, 77, 48));
      NDArray t = m.zeros(new Shape(1));
      assertThrows(
          IllegalArgumentException.class,
          () -> unet.predictNoise(m.zeros(new Shape(1, 4, 12, 16)), t, ctx));
      assertThrows(
          IllegalArgumentException.class,
          () ->
              unet.predictNoise(
                  m.zeros(new Shape(1, 4, 16, 16)), t, m.zeros(new Shape(1, 77, 32))));
      assertThrows(
          IllegalArgumentException.class,
          () -> unet.predictNoise(m.zeros(new Shape(1, 4, 16, 16)), m.zeros(new Shape(2)), ctx));
    }
  }
}
