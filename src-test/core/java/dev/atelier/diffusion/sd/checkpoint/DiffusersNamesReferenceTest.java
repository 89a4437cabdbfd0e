package dev.atelier.diffusion.sd.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every UNet and VAE tensor of a diffusers folder of SD 1.5's structure (686 + 248) gets exactly
 * the LDM name and shape that diffusers' own conversion script gives it. The reference lists were
 * made by {@code src-test/fixtures/diffusers-names/make_reference.py}, which runs that script.
 */
class DiffusersNamesReferenceTest {

  static final Path FIXTURE = Path.of(System.getProperty("atelier.fixtures"), "diffusers-names");

  @TempDir Path dir;

  private static Shape shape(String dims) {
    return new Shape(Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray());
  }

  private static String dims(Shape s) {
    StringBuilder b = new StringBuilder();
    for (long d : s.getShape()) {
      b.append(b.isEmpty() ? "" : ",").append(d);
    }
    return b.toString();
  }

  @Test
  void renamingMatchesDiffusersOwnConversion() throws IOException {
    Map<String, Map<String, Shape>> parts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FIXTURE.resolve("diffusers.txt"))) {
      String[] f = line.split(" ");
      parts.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], shape(f[2]));
    }
    assertEquals(686, parts.get("unet").size());
    assertEquals(248, parts.get("vae").size());
    write(dir.resolve("unet/diffusion_pytorch_model.safetensors"), parts.get("unet"));
    write(dir.resolve("vae/diffusion_pytorch_model.safetensors"), parts.get("vae"));
    write(
        dir.resolve("text_encoder/model.safetensors"),
        Map.of("text_model.final_layer_norm.weight", new Shape(2)));
    TreeSet<String> ours = new TreeSet<>();
    try (OpenCheckpoint c = DiffusersFolder.load(dir)) {
      c.weights().shapes().forEach((k, s) -> ours.add(k + " " + dims(s)));
    }
    List<String> expected = new ArrayList<>(Files.readAllLines(FIXTURE.resolve("ldm.txt")));
    expected.add("cond_stage_model.transformer.text_model.final_layer_norm.weight 2");
    assertEquals(new TreeSet<>(expected), ours);
  }

  private static void write(Path file, Map<String, Shape> shapes) throws IOException {
    Files.createDirectories(file.getParent());
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    shapes.forEach(
        (k, s) -> entries.add(SafetensorsWriter.floats(k, Dtype.F16, s, (first, v, n) -> {})));
    SafetensorsWriter.write(file, entries, Map.of());
  }
}
