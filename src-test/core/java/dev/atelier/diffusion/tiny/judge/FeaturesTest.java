package dev.atelier.diffusion.tiny.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.diffusion.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The judge's measures on pictures drawn here, whose answer is known. */
class FeaturesTest {

  private static Raster draw(Color ground, Consumer<Graphics2D> painter) {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(ground);
    g.fillRect(0, 0, 64, 64);
    painter.accept(g);
    g.dispose();
    return Raster.of(image);
  }

  @Test
  void aStraightHorizonSpansTheWidthAtItsRow() {
    Raster horizon =
        draw(
            new Color(0xF0A040),
            g -> {
              g.setColor(new Color(0x203050));
              g.fillRect(0, 40, 64, 24);
            });
    Features f = Features.of(horizon);
    assertThat(f.get(Feature.HORIZON)).isEqualTo(1.0);
    assertThat(f.get(Feature.HORIZON_ROW) * 64).isCloseTo(40, within(1.0));
    assertThat(f.get(Feature.AXIS_RUN)).isEqualTo(1.0);
    assertThat(f.get(Feature.ROW_SHARE)).isGreaterThan(0.99);
  }

  @Test
  void aDrawnCircleIsFoundAndABarIsAStraightEdge() {
    Raster circle =
        draw(
            Color.WHITE,
            g -> {
              g.setColor(new Color(0x2060A0));
              g.fill(new Ellipse2D.Double(14, 14, 32, 32));
            });
    assertThat(Features.of(circle).get(Feature.CIRCLE)).isGreaterThan(0.8);
    assertThat(Features.of(circle).get(Feature.AXIS_RUN)).isLessThan(0.25);

    Raster bar =
        draw(
            Color.WHITE,
            g -> {
              g.setColor(Color.BLACK);
              g.fillRect(30, 6, 3, 50);
            });
    assertThat(Features.of(bar).get(Feature.AXIS_RUN)).isGreaterThan(0.7);
    assertThat(Features.of(bar).get(Feature.CIRCLE)).isLessThan(0.3);
  }

  @Test
  void starsArePointsOnADarkSky() {
    Raster sky =
        draw(
            new Color(0x101020),
            g -> {
              g.setColor(Color.WHITE);
              for (int i = 0; i < 30; i++) {
                g.fillRect(3 + (i * 37) % 58, 3 + (i * 23) % 58, 1, 1);
              }
            });
    Features f = Features.of(sky);
    assertThat(f.get(Feature.STARS)).isEqualTo(30);
    assertThat(f.get(Feature.BACKGROUND)).isLessThan(0.1);
  }

  @Test
  void theVariogramRatioTellsNoiseEdgesAndBlurApart() {
    Raster noise = BadImages.whiteNoise(7);
    Raster edges =
        draw(
            Color.WHITE,
            g -> {
              g.setColor(Color.BLACK);
              g.fillRect(16, 16, 32, 32);
            });
    Raster blur = BadImages.blurred(edges, 3);
    assertThat(Features.of(noise).get(Feature.FINE_RATIO_2)).isCloseTo(1.0, within(0.05));
    assertThat(Features.of(edges).get(Feature.FINE_RATIO_2)).isCloseTo(0.5, within(0.05));
    assertThat(Features.of(blur).get(Feature.FINE_RATIO_2)).isCloseTo(0.25, within(0.05));
  }

  @Test
  void grainIsMeasuredAsTheStandardDeviationAdded() {
    Raster flat = draw(new Color(0x808080), g -> {});
    assertThat(flat.grain()).isZero();
    Raster grainy = StyleJudge.grain(flat, 6, 1);
    assertThat(grainy.grain() * 255).isCloseTo(6, within(1.0));
  }

  @Test
  void largerPicturesAreAveragedDownAndOthersRefused() {
    Raster small = BadImages.blobs(2);
    RgbImage big = small.toRgbImage().cover(128, 128);
    assertThat(Raster.of(big).downscaled(64).side()).isEqualTo(64);
    assertThat(Features.of(Raster.of(big)).get(Feature.FLAT_SHARE))
        .isCloseTo(Features.of(small).get(Feature.FLAT_SHARE), within(0.1));

    assertThatThrownBy(() -> Features.of(Raster.of(small.toRgbImage().cover(48, 48))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 pixels");
    assertThatThrownBy(() -> Raster.of(new RgbImage(64, 32, new byte[64 * 32 * 3])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("square");
  }
}
