package dev.atelier.diffusion.sd.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.nn.BlockKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VaeShapesTest {

  /** The SD 1.5 VAE's keys and shapes, listed from CompVis ldm's modules by the fixture script. */
  private static Map<String, Shape> referenceKeys() throws IOException {
    Path tsv = Path.of(System.getProperty("atelier.fixtures"), "sd15", "vae-keys.tsv");
    Map<String, Shape> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\t");
      long[] dims = Arrays.stream(parts[1].split(",")).mapToLong(Long::parseLong).toArray();
      out.put(parts[0], new Shape(dims));
    }
    return out;
  }

  private static Map<String, Shape> prefixed(Map<String, Shape> table) {
    Map<String, Shape> out = new LinkedHashMap<>();
    table.forEach((k, v) -> out.put(VaeShapes.PREFIX + k, v));
    return out;
  }

  @Test
  void sd15TableIsExactlyTheReferenceKeySet() throws IOException {
    Map<String, Shape> reference = referenceKeys();
    assertEquals(248, reference.size());
    assertEquals(new TreeMap<>(reference), new TreeMap<>(prefixed(VaeShapes.of(VaeConfig.sd15()))));
    long parameters = reference.values().stream().mapToLong(Shape::size).sum();
    assertEquals(83_653_863L, parameters);
  }

  @Test
  void blockKeysAreTheTableKeys() {
    for (VaeConfig config : List.of(VaeConfig.sd15(), VaeFixture.CONFIG)) {
      assertEquals(
          List.copyOf(VaeShapes.decoder(config).keySet()).stream().sorted().toList(),
          BlockKeys.of(new VaeDecoder(config)).keySet().stream().sorted().toList());
      assertEquals(
          List.copyOf(VaeShapes.encoder(config).keySet()).stream().sorted().toList(),
          BlockKeys.of(new VaeEncoder(config)).keySet().stream().sorted().toList());
      List<String> both = new ArrayList<>(BlockKeys.of(new VaeEncoder(config)).keySet());
      both.addAll(BlockKeys.of(new VaeDecoder(config)).keySet());
      assertEquals(VaeShapes.of(config).size(), both.size());
    }
  }

  @Test
  void upLevelsAreNumberedByResolution() {
    Map<String, Shape> t = VaeShapes.decoder(VaeConfig.sd15());
    // up.3 runs first, on the latent's 512 channels; up.0 last, on 128
    assertEquals(new Shape(512, 512, 3, 3), t.get("decoder.up.3.block.0.conv1.weight"));
    assertEquals(new Shape(256, 512, 1, 1), t.get("decoder.up.1.block.0.nin_shortcut.weight"));
    assertEquals(new Shape(128, 128, 3, 3), t.get("decoder.up.0.block.2.conv2.weight"));
    assertEquals(null, t.get("decoder.up.0.upsample.conv.weight"));
  }

  @Test
  void configRejectsChannelsThatDoNotSplitIntoGroups() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new VaeConfig(4, 48, List.of(1, 2), 2, 32, 1e-6f, 0.18215f));
    assertEquals(8, VaeConfig.sd15().downFactor());
  }
}
