package dev.atelier.diffusion.sd.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.NoiseSource;
import dev.atelier.engine.EngineInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentPreviewTest {

  @Test
  void eachLatentPixelBecomesABlockOfItsColour() {
    LatentPreview preview = LatentPreview.sd15();
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      // batch 2, latent 3×5: pixel (y, x) of batch i has channels (i, y, x, 1)
      float[] z = new float[2 * 4 * 3 * 5];
      for (int i = 0; i < 2; i++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 5; x++) {
            float[] ch = {i, y * 0.5f, x * 0.25f, 1};
            for (int c = 0; c < 4; c++) {
              z[((i * 4 + c) * 3 + y) * 5 + x] = ch[c];
            }
          }
        }
      }
      NDArray rgb = preview.project(m.create(z, new Shape(2, 4, 3, 5)));
      assertEquals(new Shape(2, 3, 24, 40), rgb.getShape());
      float[][] w = preview.factors();
      // batch 1, latent pixel (2, 3), image pixel (2·8 + 7, 3·8 + 1), green
      float expected = w[0][1] * 1 + w[1][1] * 1.0f + w[2][1] * 0.75f + w[3][1] * 1;
      assertEquals(expected, rgb.getFloat(1, 1, 23, 25), 1e-6f);
      assertEquals(expected, rgb.getFloat(1, 1, 16, 24), 1e-6f);
      assertTrue(Math.abs(expected - rgb.getFloat(1, 1, 15, 24)) > 1e-3f);
      List<RgbImage> images = preview.images(m.create(z, new Shape(2, 4, 3, 5)));
      assertEquals(2, images.size());
      assertEquals(40, images.get(0).width());
      assertEquals(24, images.get(0).height());
    }
  }

  @Test
  void sd15FactorsGiveTheirRowForAUnitChannel() {
    float[] colour = LatentPreview.sd15().colour(new float[] {0, 0, 0, 1});
    assertArrayEquals(new float[] {-0.2120f, -0.2616f, -0.7177f}, colour, 0f);
  }

  /**
   * A preview fitted to a VAE predicts the colour that VAE decodes from flat latents it has not
   * seen; the same factors in the wrong channel order do not.
   */
  @Test
  void fittedPreviewColoursCorrelateWithDecodedColours() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        Vae vae = VaeFixture.vae(m, false)) {
      LatentPreview fitted = LatentPreview.fit(vae, NoiseSource.seeded(11), 32, 2);
      int n = 32;
      float[][] latent = new float[n][];
      NoiseSource heldOut = NoiseSource.seeded(12);
      NDArray flat = m.zeros(new Shape(n, 4, 2, 2));
      for (int i = 0; i < n; i++) {
        latent[i] = heldOut.next(m, new Shape(4)).toFloatArray();
        flat.set(new NDIndex(i), m.create(latent[i]).reshape(4, 1, 1));
      }
      float[] decoded = vae.decode(flat).mean(new int[] {3}).mean(new int[] {2}).toFloatArray();
      float[][] w = fitted.factors();
      float[][] reversed = {w[3], w[2], w[1], w[0]};
      LatentPreview scrambled = new LatentPreview(reversed, fitted.bias(), 8);
      double good = correlation(fitted, latent, decoded);
      double bad = correlation(scrambled, latent, decoded);
      System.out.println("preview/decode correlation " + good + ", channels reversed " + bad);
      assertTrue(good > 0.8, "fitted correlation " + good);
      assertTrue(bad < 0.5, "scrambled correlation " + bad);
    }
  }

  /** Pearson correlation of predicted and decoded colours, each colour channel centred. */
  private static double correlation(LatentPreview p, float[][] latent, float[] decoded) {
    int n = latent.length;
    double[][] a = new double[n][3];
    double[][] b = new double[n][3];
    for (int i = 0; i < n; i++) {
      float[] c = p.colour(latent[i]);
      for (int k = 0; k < 3; k++) {
        a[i][k] = c[k];
        b[i][k] = decoded[i * 3 + k];
      }
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int k = 0; k < 3; k++) {
      double ma = 0;
      double mb = 0;
      for (int i = 0; i < n; i++) {
        ma += a[i][k] / n;
        mb += b[i][k] / n;
      }
      for (int i = 0; i < n; i++) {
        sab += (a[i][k] - ma) * (b[i][k] - mb);
        saa += (a[i][k] - ma) * (a[i][k] - ma);
        sbb += (b[i][k] - mb) * (b[i][k] - mb);
      }
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
