package dev.atelier.diffusion.sd.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.nn.BlockKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class UNetShapesTest {

  /**
   * Written from the reference implementation by src-test/fixtures/sd-native/make_unet_fixture.py.
   */
  static final Path SD15_KEYS =
      Path.of(System.getProperty("atelier.fixtures"), "sd15", "unet-keys.tsv");

  private static Map<String, Shape> referenceKeys() throws IOException {
    Map<String, Shape> out = new TreeMap<>();
    for (String line : Files.readAllLines(SD15_KEYS)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t");
      long[] dims = Arrays.stream(cols[1].split(",")).mapToLong(Long::parseLong).toArray();
      assertTrue(cols[0].startsWith(UNetShapes.CHECKPOINT_PREFIX), cols[0]);
      String key = cols[0].substring(UNetShapes.CHECKPOINT_PREFIX.length());
      assertEquals(null, out.put(key, new Shape(dims)), "duplicate " + key);
    }
    return out;
  }

  @Test
  void sd15TableIsExactlyTheReferenceCheckpointLayout() throws IOException {
    Map<String, Shape> reference = referenceKeys();
    assertEquals(686, reference.size());
    Map<String, Shape> ours = new TreeMap<>(UNetShapes.shapes(UNetConfig.sd15()));
    assertEquals(reference.keySet(), ours.keySet());
    assertEquals(reference, ours);
  }

  @Test
  void networkParametersAreNamedExactlyAsTheTable() {
    for (UNetConfig c : List.of(UNetConfig.sd15(), UNetConfig.sd15Inpainting(), fixture())) {
      assertEquals(
          List.copyOf(UNetShapes.shapes(c).keySet()),
          List.copyOf(BlockKeys.of(new SdUNet(c)).keySet()),
          c.toString());
    }
  }

  @Test
  void inpaintingDiffersOnlyInTheFirstConvolution() {
    Map<String, Shape> base = UNetShapes.shapes(UNetConfig.sd15());
    Map<String, Shape> inpaint = UNetShapes.shapes(UNetConfig.sd15Inpainting());
    assertEquals(base.keySet(), inpaint.keySet());
    assertEquals(new Shape(320, 9, 3, 3), inpaint.get("input_blocks.0.0.weight"));
    base.forEach(
        (k, s) -> {
          if (!k.equals("input_blocks.0.0.weight")) {
            assertEquals(s, inpaint.get(k), k);
          }
        });
    long params = base.values().stream().mapToLong(Shape::size).sum();
    assertEquals(859_520_964L, params);
  }

  @Test
  void aConfigurationThatCannotBeBuiltIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new UNetConfig(4, 4, 320, List.of(1, 2), 2, java.util.Set.of(3), 8, 1, 768, 32));
    assertThrows(
        IllegalArgumentException.class,
        () -> new UNetConfig(4, 4, 40, List.of(1, 2), 2, java.util.Set.of(0), 8, 1, 768, 32));
    assertFalse(UNetConfig.sd15().attentionLevels().contains(3));
  }

  /** The reduced configuration of the parity fixture (see make_unet_fixture.py). */
  static UNetConfig fixture() {
    return new UNetConfig(
        4, 4, 32, List.of(1, 2, 1, 1), 2, java.util.Set.of(0, 1, 2), 8, 1, 48, 32);
  }
}
