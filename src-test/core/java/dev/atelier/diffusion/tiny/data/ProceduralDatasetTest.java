package dev.atelier.diffusion.tiny.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.tiny.data.ProceduralDataset.Sample;
import dev.atelier.hashing.Hashes;
import dev.atelier.hashing.MerkleTree;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProceduralDatasetTest {

  /**
   * The fingerprint of a small reference set. It pins the whole definition of the data: labels by
   * index, item seeds, every drawing step and the hashing. It changes only when the pictures do; a
   * change here means models trained before it were trained on different data.
   */
  private static final String REFERENCE_ROOT =
      "4bfbde55aa814f5101c40fff57c990231185ee122fec00d1ab45a609be627ec9";

  @Test
  void labelsCycleStylesFastestThenPalettes() {
    ProceduralDataset data = new ProceduralDataset(1, 80, 32);
    assertThat(data.style(0)).isEqualTo(Style.SUNSET);
    assertThat(data.palette(0)).isEqualTo(Palette.EMBER);
    assertThat(data.style(5)).isEqualTo(Style.FLOW_FIELD);
    assertThat(data.palette(5)).isEqualTo(Palette.EMBER);
    assertThat(data.style(6)).isEqualTo(Style.SUNSET);
    assertThat(data.palette(6)).isEqualTo(Palette.OCEAN);
    assertThat(data.style(35)).isEqualTo(Style.FLOW_FIELD);
    assertThat(data.palette(35)).isEqualTo(Palette.MONO);
    assertThat(data.style(36)).isEqualTo(Style.SUNSET);
    assertThat(data.palette(36)).isEqualTo(Palette.EMBER);
    Set<String> pairs = new HashSet<>();
    for (int i = 0; i < 36; i++) {
      pairs.add(data.style(i) + "/" + data.palette(i));
    }
    assertThat(pairs).hasSize(36);
  }

  @Test
  void itemSeedsAreTheSplitMix64SequenceOfTheDatasetSeed() {
    for (long seed : new long[] {0, 42, -7, Long.MAX_VALUE}) {
      ProceduralDataset data = new ProceduralDataset(seed, 100, 32);
      SplittableRandom reference = new SplittableRandom(seed);
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        assertThat(data.itemSeed(i)).isEqualTo(reference.nextLong());
        seen.add(data.itemSeed(i));
      }
      assertThat(seen).hasSize(100);
    }
  }

  @Test
  void samplesCarryLabelsSeedAndTheImageAsChw() {
    ProceduralDataset data = new ProceduralDataset(9, 12, 32);
    for (int i = 0; i < 12; i++) {
      Sample sample = data.get(i);
      assertThat(sample.index()).isEqualTo(i);
      assertThat(sample.style()).isEqualTo(data.style(i));
      assertThat(sample.palette()).isEqualTo(data.palette(i));
      assertThat(sample.seed()).isEqualTo(data.itemSeed(i));
      assertThat(sample.chw())
          .hasSize(3 * 32 * 32)
          .containsExactly(
              ProceduralDataset.toChw(
                  ProceduralArt.render(sample.style(), sample.palette(), sample.seed(), 32)));
      for (float v : sample.chw()) {
        assertThat(v).isBetween(-1f, 1f);
      }
    }
  }

  @Test
  void getDoesNotDependOnAccessOrderOrThreads() {
    int n = 24;
    ProceduralDataset forward = new ProceduralDataset(5, n, 32);
    List<float[]> inOrder = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inOrder.add(forward.get(i).chw());
    }
    ProceduralDataset other = new ProceduralDataset(5, n, 32);
    for (int i = n - 1; i >= 0; i -= 3) {
      assertThat(other.get(i).chw())
          .as("item %d read backwards", i)
          .containsExactly(inOrder.get(i));
    }
    List<float[]> parallel =
        IntStream.range(0, n).parallel().mapToObj(i -> other.get(i).chw()).toList();
    for (int i = 0; i < n; i++) {
      assertThat(parallel.get(i)).as("item %d read in parallel", i).containsExactly(inOrder.get(i));
    }
  }

  @Test
  void itemsVaryWithinAStyle() {
    ProceduralDataset data = new ProceduralDataset(3, 72, 32);
    assertThat(data.style(0)).isEqualTo(data.style(36));
    assertThat(data.palette(0)).isEqualTo(data.palette(36));
    assertThat(data.itemHash(0)).isNotEqualTo(data.itemHash(36));
  }

  @Test
  void chwIsRedPlaneThenGreenThenBlueScaledToPlusMinusOne() {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 0, 0xFF0000);
    image.setRGB(0, 2, 0x00FF80);
    float[] chw = ProceduralDataset.toChw(image);
    assertThat(chw).hasSize(3 * 64);
    assertThat(chw[1]).isEqualTo(1f);
    assertThat(chw[64 + 1]).isEqualTo(-1f);
    assertThat(chw[128 + 1]).isEqualTo(-1f);
    assertThat(chw[16]).isEqualTo(-1f);
    assertThat(chw[64 + 16]).isEqualTo(1f);
    assertThat(chw[128 + 16]).isEqualTo(128 / 127.5f - 1f);
    assertThat(chw[0]).isEqualTo(-1f);
  }

  @Test
  void chwRoundTripIsExactForEvery8BitValue() {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int k = 0; k < 256; k++) {
      int r = k;
      int g = 255 - k;
      int b = (k * 37) & 0xFF;
      image.setRGB(k % 16, k / 16, (r << 16) | (g << 8) | b);
    }
    BufferedImage back = ProceduralDataset.fromChw(ProceduralDataset.toChw(image), 16);
    assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(ProceduralDataset.rgbBytes(back)).isEqualTo(ProceduralDataset.rgbBytes(image));
  }

  @Test
  void fromChwClampsAndRoundsModelOutput() {
    int size = 8;
    int plane = size * size;
    float[] chw = new float[3 * plane];
    chw[0] = 2.5f; // above range: 255
    chw[plane] = -3f; // below range: 0
    chw[2 * plane] = Float.NaN; // 0
    chw[1] = 0f; // 127.5 rounds up: 128
    chw[plane + 1] = 10 / 127.5f - 1f + 0.003f; // a little off 10: still 10
    chw[2 * plane + 1] = Float.POSITIVE_INFINITY; // 255
    BufferedImage image = ProceduralDataset.fromChw(chw, size);
    assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    assertThat(image.getRGB(1, 0) & 0xFFFFFF).isEqualTo((128 << 16) | (10 << 8) | 255);
  }

  @Test
  void fromChwRejectsTheWrongLength() {
    assertThatThrownBy(() -> ProceduralDataset.fromChw(new float[3 * 64 - 1], 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProceduralDataset.fromChw(new float[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rgbBytesAreRowMajorThreeBytesAPixel() {
    BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0x010203);
    image.setRGB(1, 0, 0x040506);
    image.setRGB(0, 1, 0x0708F9);
    image.setRGB(1, 1, 0xFAFBFC);
    assertThat(ProceduralDataset.rgbBytes(image))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 0xF9, 0xFA, 0xFB, 0xFC);
  }

  @Test
  void itemHashIsSha256OfThePixelBytes() {
    ProceduralDataset data = new ProceduralDataset(11, 6, 32);
    for (int i = 0; i < 6; i++) {
      assertThat(data.itemHash(i))
          .isEqualTo(Hashes.sha256(ProceduralDataset.rgbBytes(data.image(i))));
    }
  }

  @Test
  void merkleRootIsTheTreeOverItemHashesInIndexOrder() {
    ProceduralDataset data = new ProceduralDataset(11, 13, 32);
    List<byte[]> leaves = IntStream.range(0, 13).mapToObj(data::itemHash).toList();
    assertThat(data.merkleRoot()).isEqualTo(MerkleTree.rootHex(leaves)).hasSize(64);
    assertThat(new ProceduralDataset(11, 0, 32).merkleRoot())
        .isEqualTo(Hashes.sha256Hex(new byte[0]));
  }

  @Test
  void merkleRootOfTheReferenceSetIsStable() {
    assertThat(new ProceduralDataset(2026, 36, 32).merkleRoot()).isEqualTo(REFERENCE_ROOT);
    assertThat(new ProceduralDataset(2026, 36, 32).merkleRoot()).isEqualTo(REFERENCE_ROOT);
  }

  @Test
  void merkleRootChangesWhenAnyItemChanges() {
    ProceduralDataset data = new ProceduralDataset(2026, 36, 32);
    List<byte[]> leaves = new ArrayList<>(IntStream.range(0, 36).mapToObj(data::itemHash).toList());
    byte[] otherPicture =
        Hashes.sha256(
            ProceduralDataset.rgbBytes(
                ProceduralArt.render(data.style(17), data.palette(17), data.itemSeed(17) + 1, 32)));
    leaves.set(17, otherPicture);
    assertThat(MerkleTree.rootHex(leaves)).isNotEqualTo(REFERENCE_ROOT);
    assertThat(new ProceduralDataset(2027, 36, 32).merkleRoot()).isNotEqualTo(REFERENCE_ROOT);
    assertThat(new ProceduralDataset(2026, 35, 32).merkleRoot()).isNotEqualTo(REFERENCE_ROOT);
    assertThat(new ProceduralDataset(2026, 36, 64).merkleRoot()).isNotEqualTo(REFERENCE_ROOT);
  }

  @Test
  void everyStyleAndPaletteOccursInTheFirst36Items() {
    ProceduralDataset data = new ProceduralDataset(0, 36, 32);
    EnumSet<Style> styles = EnumSet.noneOf(Style.class);
    EnumSet<Palette> palettes = EnumSet.noneOf(Palette.class);
    for (int i = 0; i < 36; i++) {
      styles.add(data.style(i));
      palettes.add(data.palette(i));
    }
    assertThat(styles).containsExactlyInAnyOrder(Style.values());
    assertThat(palettes).containsExactlyInAnyOrder(Palette.values());
  }

  @Test
  void rejectsBadArgumentsAndIndexes() {
    assertThatThrownBy(() -> new ProceduralDataset(0, -1, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProceduralDataset(0, 10, 2))
        .isInstanceOf(IllegalArgumentException.class);
    ProceduralDataset data = new ProceduralDataset(0, 10, 32);
    assertThatThrownBy(() -> data.get(10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> data.image(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
