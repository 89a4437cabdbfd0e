package dev.atelier.gui.generate;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsWriter;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checkpoint files for the studio's tests: a small SD 1.x single file that runs (the real LDM
 * layout and CLIP's real text width and vocabulary, with a narrow two-level UNet and VAE, about 90
 * MB in F16), and files Atelier refuses: SDXL, a pickle checkpoint, a corrupt file.
 */
final class TestCheckpoints {

  static final UNetConfig UNET =
      new UNetConfig(4, 4, 32, List.of(1, 2), 1, Set.of(0, 1), 8, 1, 768, 32);
  static final VaeConfig VAE = new VaeConfig(4, 32, List.of(1, 1), 2, 32, 1e-6f, 0.18215f);
  static final ClipTextConfig TEXT =
      new ClipTextConfig(49408, 768, 1, 12, 77, 3072, ClipTextConfig.Activation.QUICK_GELU, 1e-5f);

  private TestCheckpoints() {}

  /** An SD 1.x single file with seeded random weights (normal / sqrt(fan-in), norms 1). */
  static Path runnable(Path file, long seed) throws IOException {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    UNetShapes.shapes(UNET).forEach((k, v) -> shapes.put(UNetShapes.CHECKPOINT_PREFIX + k, v));
    VaeShapes.of(VAE).forEach((k, v) -> shapes.put(VaeShapes.PREFIX + k, v));
    ClipTextEncoder.shapes(TEXT).forEach((k, v) -> shapes.put(ClipTextEncoder.LDM_PREFIX + k, v));
    return write(file, shapes, seed);
  }

  /** A small file in SDXL's single-file layout (its text encoders under "conditioner."). */
  static Path sdxl(Path file) throws IOException {
    ClipTextConfig small =
        new ClipTextConfig(16, 768, 1, 12, 77, 3072, ClipTextConfig.Activation.QUICK_GELU, 1e-5f);
    Map<String, Shape> shapes = new LinkedHashMap<>();
    UNetShapes.shapes(UNET).forEach((k, v) -> shapes.put(UNetShapes.CHECKPOINT_PREFIX + k, v));
    VaeShapes.of(VAE).forEach((k, v) -> shapes.put(VaeShapes.PREFIX + k, v));
    ClipTextEncoder.shapes(small)
        .forEach((k, v) -> shapes.put("conditioner.embedders.0.transformer.text_model." + k, v));
    return write(file, shapes, 1);
  }

  /** A PyTorch pickle checkpoint's first bytes (a zip archive). */
  static Path pickle(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0});
  }

  /** A ".safetensors" file whose header length points past its end. */
  static Path corrupt(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] bytes = new byte[64];
    bytes[0] = (byte) 0xff;
    bytes[1] = (byte) 0xff;
    bytes[2] = 0x7f;
    return Files.write(file, bytes);
  }

  private static Path write(Path file, Map<String, Shape> shapes, long seed) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      entries.add(
          SafetensorsWriter.floats(
              e.getKey(),
              Dtype.F16,
              e.getValue(),
              fill(e.getKey(), e.getValue(), seed * 31 + e.getKey().hashCode())));
    }
    SafetensorsWriter.write(file, entries, Map.of("format", "pt"));
    return file;
  }

  private static SafetensorsWriter.FloatFill fill(String name, Shape shape, long seed) {
    if (shape.dimension() == 1) { // norms' scales 1, biases 0
      float value = name.endsWith(".weight") ? 1f : 0f;
      return (first, v, count) -> Arrays.fill(v, 0, count, value);
    }
    double scale =
        name.contains("embedding") ? 0.02 : 1.0 / Math.sqrt(shape.size() / (double) shape.get(0));
    SplittableRandom random = new SplittableRandom(seed);
    return (first, v, count) -> {
      for (int i = 0; i < count; i++) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * scale);
      }
    };
  }
}
