package dev.atelier.gui.generate;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsWriter;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint files Atelier refuses, for the studio's tests: SDXL, a pickle checkpoint, a corrupt
 * file. (A small SD 1.x file that runs is core's {@link RunnableCheckpoints}.)
 */
final class TestCheckpoints {

  private TestCheckpoints() {}

  /** A small file in SDXL's single-file layout (its text encoder under "conditioner."). */
  static Path sdxl(Path file) throws IOException {
    ClipTextConfig small =
        new ClipTextConfig(16, 768, 1, 12, 77, 3072, ClipTextConfig.Activation.QUICK_GELU, 1e-5f);
    Map<String, Shape> shapes = new LinkedHashMap<>();
    UNetShapes.shapes(RunnableCheckpoints.UNET)
        .forEach((k, v) -> shapes.put(UNetShapes.CHECKPOINT_PREFIX + k, v));
    VaeShapes.of(RunnableCheckpoints.VAE).forEach((k, v) -> shapes.put(VaeShapes.PREFIX + k, v));
    ClipTextEncoder.shapes(small)
        .forEach((k, v) -> shapes.put("conditioner.embedders.0.transformer.text_model." + k, v));
    Files.createDirectories(file.toAbsolutePath().getParent());
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      entries.add(
          SafetensorsWriter.floats(
              e.getKey(),
              Dtype.F16,
              e.getValue(),
              (first, v, count) -> Arrays.fill(v, 0, count, 0.01f)));
    }
    SafetensorsWriter.write(file, entries, Map.of("format", "pt"));
    return file;
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
}
