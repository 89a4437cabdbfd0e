package dev.atelier.diffusion.tiny.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.tiny.data.Palette;
import dev.atelier.diffusion.tiny.data.ProceduralArt;
import dev.atelier.diffusion.tiny.data.Style;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DiversityTest {

  private static Raster flat(int level) {
    byte[] rgb = new byte[64 * 64 * 3];
    java.util.Arrays.fill(rgb, (byte) level);
    return Raster.of(new RgbImage(64, 64, rgb));
  }

  @Test
  void theSamePictureFourTimesHasNoDiversity() {
    Raster one = Raster.of(ProceduralArt.render(Style.WAVES, Palette.OCEAN, 3, 64));
    assertThat(Diversity.meanPairwise(List.of(one, one, one, one))).isZero();
  }

  @Test
  void distanceIsRmsInEightBitLevels() {
    assertThat(Diversity.rms(flat(10), flat(40))).isCloseTo(30, within(1e-9));
    // Pairs: (10,40)=30, (10,70)=60, (40,70)=30.
    assertThat(Diversity.meanPairwise(List.of(flat(10), flat(40), flat(70))))
        .isCloseTo(40, within(1e-9));
  }

  @Test
  void seedsOfOneStyleDifferMoreThanGrainedCopiesOfOnePicture() {
    List<Raster> seeds =
        LongStream.range(0, 8)
            .mapToObj(s -> Raster.of(ProceduralArt.render(Style.SUNSET, Palette.EMBER, s, 64)))
            .toList();
    Raster one = seeds.getFirst();
    List<Raster> copies =
        LongStream.range(0, 8).mapToObj(s -> StyleJudge.grain(one, 8, s)).toList();
    assertThat(Diversity.meanPairwise(seeds)).isGreaterThan(10);
    // Grain of 8 levels averages down to 2 per 16x16 pixel: two copies differ by about 2.8.
    assertThat(Diversity.meanPairwise(copies)).isLessThan(4);
  }

  @Test
  void theNearestTrainingPictureOfACopyIsAtDistanceZero() {
    RgbImage a =
        Raster.of(ProceduralArt.render(Style.MOUNTAINS, Palette.FOREST, 1, 64)).toRgbImage();
    RgbImage b =
        Raster.of(ProceduralArt.render(Style.MOUNTAINS, Palette.FOREST, 2, 64)).toRgbImage();
    assertThat(Diversity.nearest(a, List.of(b.rgb(), a.rgb()))).isZero();
    assertThat(Diversity.nearest(a, List.of(b.rgb()))).isGreaterThan(5);
    assertThatThrownBy(() -> Diversity.meanPairwise(List.of(flat(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
