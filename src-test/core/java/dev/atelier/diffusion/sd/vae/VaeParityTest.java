package dev.atelier.diffusion.sd.vae;

import static dev.atelier.diffusion.sd.vae.VaeFixture.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.nn.MapWeights;
import dev.atelier.diffusion.sampling.NoiseSource;
import dev.atelier.engine.EngineInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The VAE in DJL blocks computes what CompVis ldm's Encoder/Decoder compute, on the reduced
 * random-weight fixture in the real checkpoint layout (see make_vae_fixture.py beside it). The
 * reference ran in float64; the tolerance is float32 rounding through a few dozen layers.
 */
class VaeParityTest {

  private static final float TOLERANCE = 2e-5f;

  @Test
  void decoderMatchesTheReference() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        Vae vae = VaeFixture.vae(m, false)) {
      Map<String, NDArray> io = VaeFixture.io(m);
      NDArray decoded = vae.decodeUnscaled(io.get("latent"));
      assertEquals(new Shape(1, 3, 48, 64), decoded.getShape());
      float err = maxAbsDiff(decoded, io.get("decoded"));
      System.out.println("VAE decoder max abs error " + err);
      assertTrue(err < TOLERANCE, "decoder max abs error " + err);
      // the model-space entry point divides by the scaling factor itself
      NDArray scaled = io.get("latent").mul(VaeFixture.CONFIG.scalingFactor());
      assertTrue(maxAbsDiff(vae.decode(scaled), io.get("decoded")) < TOLERANCE);
    }
  }

  @Test
  void encoderMatchesTheReference() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        Vae vae = VaeFixture.vae(m, true)) {
      Map<String, NDArray> io = VaeFixture.io(m);
      LatentDistribution d = vae.encode(io.get("image"));
      assertEquals(new Shape(1, 4, 6, 8), d.mean().getShape());
      float meanErr = maxAbsDiff(d.mean(), io.get("mean"));
      float logvarErr = maxAbsDiff(d.logVariance(), io.get("logvar"));
      System.out.println("VAE encoder max abs error mean " + meanErr + ", logvar " + logvarErr);
      assertTrue(meanErr < TOLERANCE, "mean max abs error " + meanErr);
      assertTrue(logvarErr < TOLERANCE, "logvar max abs error " + logvarErr);
    }
  }

  @Test
  void samplesUseJavaNoiseAndTheModelScale() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        Vae vae = VaeFixture.vae(m, true)) {
      Map<String, NDArray> io = VaeFixture.io(m);
      LatentDistribution d = vae.encode(io.get("image"));
      NDArray sample = d.sample(NoiseSource.seeded(7));
      NDArray eps = NoiseSource.seeded(7).next(m, new Shape(4, 6, 8));
      float[] mean = io.get("mean").toFloatArray();
      float[] logvar = io.get("logvar").toFloatArray();
      float[] e = eps.toFloatArray();
      float[] got = sample.toFloatArray();
      float s = VaeFixture.CONFIG.scalingFactor();
      for (int i = 0; i < got.length; i++) {
        float expected = (float) ((mean[i] + Math.exp(logvar[i] / 2) * e[i]) * s);
        assertEquals(expected, got[i], 1e-3f, "element " + i);
      }
      assertTrue(maxAbsDiff(d.mode(), io.get("mean").mul(s)) < TOLERANCE);
      assertThrows(IllegalArgumentException.class, () -> d.sample(NoiseSource.seeded(1, 2)));
    }
  }

  @Test
  void decoderOnlyVaeRefusesToEncodeAndBadInputsAreNamed() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        Vae vae = VaeFixture.vae(m, false)) {
      NDArray image = m.zeros(new Shape(1, 3, 16, 16));
      assertThrows(IllegalStateException.class, () -> vae.encode(image));
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> vae.decode(m.zeros(new Shape(1, 3, 4, 4))));
      assertTrue(e.getMessage().contains("(B, 4, H, W)"), e.getMessage());
    }
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        Vae vae = VaeFixture.vae(m, true)) {
      assertThrows(
          IllegalArgumentException.class, () -> vae.encode(m.zeros(new Shape(1, 3, 20, 16))));
    }
  }

  @Test
  void aCheckpointWithAWrongOrMissingTensorIsRefused() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      Map<String, NDArray> w = VaeFixture.read(VaeFixture.DIR.resolve("vae-small.safetensors"), m);
      String key = VaeShapes.PREFIX + "decoder.mid.attn_1.q.weight";
      w.put(key, m.zeros(new Shape(64, 64, 3, 3)));
      var e =
          assertThrows(
              ModelIntegrityException.class,
              () -> Vae.load(new MapWeights(w), VaeShapes.PREFIX, VaeFixture.CONFIG, false, m));
      assertTrue(e.getMessage().contains(key), e.getMessage());
      w.remove(key);
      assertThrows(
          ModelIntegrityException.class,
          () -> Vae.load(new MapWeights(w), VaeShapes.PREFIX, VaeFixture.CONFIG, false, m));
      // the encoder is checked before anything is loaded
      Map<String, NDArray> w2 = VaeFixture.read(VaeFixture.DIR.resolve("vae-small.safetensors"), m);
      w2.remove(VaeShapes.PREFIX + "encoder.down.1.downsample.conv.bias");
      assertThrows(
          ModelIntegrityException.class,
          () -> Vae.load(new MapWeights(w2), VaeShapes.PREFIX, VaeFixture.CONFIG, true, m));
    }
  }
}
