package dev.atelier.diffusion.tiny.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProceduralArtTest {

  private static final Style[] STYLES = Style.values();
  private static final Palette[] PALETTES = Palette.values();

  @ParameterizedTest
  @EnumSource(Style.class)
  void sameInputsGiveIdenticalPixels(Style style) {
    for (Palette palette : PALETTES) {
      byte[] first = ProceduralDataset.rgbBytes(ProceduralArt.render(style, palette, 42, 64));
      byte[] second = ProceduralDataset.rgbBytes(ProceduralArt.render(style, palette, 42, 64));
      assertThat(second).as("%s %s", style, palette).isEqualTo(first);
    }
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void differentSeedsGiveVisiblyDifferentPictures(Style style) {
    for (Palette palette : PALETTES) {
      for (long seed = 0; seed < 4; seed++) {
        BufferedImage a = ProceduralArt.render(style, palette, seed, 64);
        BufferedImage b = ProceduralArt.render(style, palette, seed + 1000, 64);
        assertThat(differingPixels(a, b))
            .as("%s %s seed %d", style, palette, seed)
            .isGreaterThan(0.5);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 64})
  void everyStyleAndPaletteRendersAPictureWithContent(int size) {
    for (Style style : STYLES) {
      for (Palette palette : PALETTES) {
        for (long seed = 0; seed < 5; seed++) {
          BufferedImage image = ProceduralArt.render(style, palette, seed, size);
          assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
          assertThat(image.getWidth()).isEqualTo(size);
          assertThat(image.getHeight()).isEqualTo(size);
          assertThat(lumaDeviation(image))
              .as("contrast of %s %s seed %d at %d px", style, palette, seed, size)
              .isGreaterThan(10);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void largeRendersShowTheSamePictureInMoreDetail(Style style) {
    BufferedImage large = ProceduralArt.render(style, Palette.DUSK, 7, 256);
    BufferedImage small = ProceduralArt.render(style, Palette.DUSK, 7, 64);
    assertThat(lumaDeviation(large)).isGreaterThan(10);
    // Shapes sit in unit coordinates, so shrinking the large picture gives nearly the small one.
    assertThat(meanAbsoluteDifference(shrink(large, 4), small)).as("%s", style).isLessThan(5);
  }

  @ParameterizedTest
  @EnumSource(Style.class)
  void palettesStayDistinctUnderEveryStyle(Style style) {
    double[][] means = new double[PALETTES.length][];
    for (int p = 0; p < PALETTES.length; p++) {
      means[p] = new double[3];
      for (long seed = 0; seed < 4; seed++) {
        double[] m = meanColour(ProceduralArt.render(style, PALETTES[p], seed, 64));
        for (int c = 0; c < 3; c++) {
          means[p][c] += m[c] / 4;
        }
      }
    }
    for (int p = 0; p < PALETTES.length; p++) {
      for (int q = p + 1; q < PALETTES.length; q++) {
        double distance = 0;
        for (int c = 0; c < 3; c++) {
          distance += (means[p][c] - means[q][c]) * (means[p][c] - means[q][c]);
        }
        assertThat(Math.sqrt(distance))
            .as("%s: mean colour of %s vs %s", style, PALETTES[p], PALETTES[q])
            .isGreaterThan(15);
      }
    }
  }

  /**
   * A nearest-centroid classifier on palette-blind features (brightness profile, edge energy,
   * flatness, point lights), fitted on some seeds and tested on others, tells the styles apart.
   */
  @Test
  void stylesAreRecognisableWhateverThePalette() {
    int featureCount =
        StyleFeatures.of(ProceduralArt.render(Style.SUNSET, Palette.MONO, 0, 64)).length;
    double[][] centroids = new double[STYLES.length][featureCount];
    int trainingSeeds = 6;
    for (int s = 0; s < STYLES.length; s++) {
      for (Palette palette : PALETTES) {
        for (long seed = 0; seed < trainingSeeds; seed++) {
          double[] f = StyleFeatures.of(ProceduralArt.render(STYLES[s], palette, seed, 64));
          for (int k = 0; k < featureCount; k++) {
            centroids[s][k] += f[k] / (PALETTES.length * trainingSeeds);
          }
        }
      }
    }
    int correct = 0;
    int total = 0;
    for (int s = 0; s < STYLES.length; s++) {
      for (Palette palette : PALETTES) {
        for (long seed = 500; seed < 506; seed++) {
          double[] f = StyleFeatures.of(ProceduralArt.render(STYLES[s], palette, seed, 64));
          if (StyleFeatures.nearest(centroids, f) == s) {
            correct++;
          }
          total++;
        }
      }
    }
    assertThat((double) correct / total).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void rejectsSizesOutOfRangeAndMissingLabels() {
    assertThatThrownBy(() -> ProceduralArt.render(Style.WAVES, Palette.OCEAN, 1, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProceduralArt.render(Style.WAVES, Palette.OCEAN, 1, 4096))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProceduralArt.render(null, Palette.OCEAN, 1, 64))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ProceduralArt.render(Style.WAVES, null, 1, 64))
        .isInstanceOf(NullPointerException.class);
  }

  private static double lumaDeviation(BufferedImage image) {
    int n = image.getWidth() * image.getHeight();
    double sum = 0;
    double squares = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        double l = StyleFeatures.luma(image.getRGB(x, y));
        sum += l;
        squares += l * l;
      }
    }
    double mean = sum / n;
    return Math.sqrt(Math.max(0, squares / n - mean * mean));
  }

  private static double differingPixels(BufferedImage a, BufferedImage b) {
    int differing = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          differing++;
        }
      }
    }
    return (double) differing / (a.getWidth() * a.getHeight());
  }

  private static double[] meanColour(BufferedImage image) {
    double[] mean = new double[3];
    int n = image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        mean[0] += ((rgb >> 16) & 0xFF) / (double) n;
        mean[1] += ((rgb >> 8) & 0xFF) / (double) n;
        mean[2] += (rgb & 0xFF) / (double) n;
      }
    }
    return mean;
  }

  /** Box-filters each {@code factor}×{@code factor} block into one pixel. */
  private static BufferedImage shrink(BufferedImage image, int factor) {
    int size = image.getWidth() / factor;
    BufferedImage small = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int[] sum = new int[3];
        for (int dy = 0; dy < factor; dy++) {
          for (int dx = 0; dx < factor; dx++) {
            int rgb = image.getRGB(x * factor + dx, y * factor + dy);
            sum[0] += (rgb >> 16) & 0xFF;
            sum[1] += (rgb >> 8) & 0xFF;
            sum[2] += rgb & 0xFF;
          }
        }
        int n = factor * factor;
        small.setRGB(
            x,
            y,
            (Math.round(sum[0] / (float) n) << 16)
                | (Math.round(sum[1] / (float) n) << 8)
                | Math.round(sum[2] / (float) n));
      }
    }
    return small;
  }

  private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    double sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }
}
