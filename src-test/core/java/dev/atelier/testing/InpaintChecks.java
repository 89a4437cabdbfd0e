package dev.atelier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.SoftMask;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.hashing.Hashes;
import java.util.List;

/** Start pictures, masks, and the check that an inpainted picture kept what its mask keeps. */
public final class InpaintChecks {

  private InpaintChecks() {}

  /** A picture with structure in every channel, w×h. */
  public static RgbImage picture(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (byte) (40 + x * 180 / w);
        rgb[i + 1] = (byte) (200 - y * 150 / h);
        rgb[i + 2] = (byte) ((x / 4 + y / 4) % 2 == 0 ? 210 : 50);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** {@link #picture} as a start picture, with the SHA-256 of its PNG. */
  public static GenerationRequest.StartImage start(int w, int h, double strength) {
    RgbImage p = picture(w, h);
    return new GenerationRequest.StartImage(p, Hashes.sha256Hex(p.toPng()), strength);
  }

  /** A w×h black mask with a white rectangle [x0, x1) × [y0, y1). */
  public static GrayImage rectangle(int w, int h, int x0, int y0, int x1, int y1) {
    byte[] g = new byte[w * h];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        g[y * w + x] = (byte) 255;
      }
    }
    return new GrayImage(w, h, g);
  }

  /** How an inpainted picture relates to its start picture. */
  public record Kept(int keptPixels, int paintedPixels, int paintedThatDiffer) {}

  /**
   * Asserts that wherever the request's blurred mask is 0, each picture is the start picture (as
   * scaled to the request's size) exactly, and that most pixels it paints (where it is at least
   * 0.5: mostly the new picture) differ from it.
   */
  public static Kept assertRespected(List<RgbImage> images, GenerationRequest request) {
    int w = request.width();
    int h = request.height();
    GenerationRequest.InpaintMask m = request.mask();
    float[] soft = SoftMask.of(m.mask(), w, h, m.blur()).soft();
    RgbImage original = request.start().image().cover(w, h);
    int kept = 0;
    int painted = 0;
    int differ = 0;
    for (RgbImage image : images) {
      assertThat(image.width()).isEqualTo(w);
      assertThat(image.height()).isEqualTo(h);
      for (int p = 0; p < w * h; p++) {
        boolean same = true;
        for (int c = 3 * p; c < 3 * p + 3; c++) {
          same &= image.rgb()[c] == original.rgb()[c];
        }
        if (soft[p] == 0f) {
          kept++;
          assertThat(same).as("pixel %d, %d outside the blurred mask", p % w, p / w).isTrue();
        } else if (soft[p] >= 0.5f) {
          painted++;
          differ += same ? 0 : 1;
        }
      }
    }
    assertThat(kept).as("pixels kept").isPositive();
    assertThat(painted).as("pixels painted again").isPositive();
    assertThat(differ).as("painted pixels that differ from the start").isGreaterThan(painted / 2);
    return new Kept(kept, painted, differ);
  }
}
