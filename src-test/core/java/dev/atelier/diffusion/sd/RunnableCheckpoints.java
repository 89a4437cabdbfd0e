package dev.atelier.diffusion.sd;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small SD 1.x single-file checkpoints that run: every tensor the three networks need, in the real
 * LDM layout, with seeded random weights scaled so that activations stay finite (normal /
 * sqrt(fan-in) for convolutions and linear layers, norms' scales 1, biases 0). The text side is
 * CLIP's real width (768, which marks the family) and vocabulary, with one layer; the UNet and VAE
 * have two narrow levels, so a 32×32 image takes a fraction of a second.
 */
public final class RunnableCheckpoints {

  /** Two levels of 32 and 64 channels, one residual block each, attention on both. */
  public static final UNetConfig UNET =
      new UNetConfig(4, 4, 32, List.of(1, 2), 1, java.util.Set.of(0, 1), 8, 1, 768, 32);

  /** Two levels of 32 channels: images are twice the latents' size. */
  public static final VaeConfig VAE = new VaeConfig(4, 32, List.of(1, 1), 2, 32, 1e-6f, 0.18215f);

  /** CLIP ViT-L/14's text geometry with one layer. */
  public static final ClipTextConfig TEXT =
      new ClipTextConfig(49408, 768, 1, 12, 77, 3072, ClipTextConfig.Activation.QUICK_GELU, 1e-5f);

  private RunnableCheckpoints() {}

  /** Every tensor by its single-file name. */
  public static Map<String, Shape> shapes() {
    Map<String, Shape> all = new LinkedHashMap<>();
    UNetShapes.shapes(UNET).forEach((k, v) -> all.put("model.diffusion_model." + k, v));
    VaeShapes.of(VAE).forEach((k, v) -> all.put("first_stage_model." + k, v));
    ClipTextEncoder.shapes(TEXT).forEach((k, v) -> all.put(ClipTextEncoder.LDM_PREFIX + k, v));
    return all;
  }

  /** Writes the checkpoint as F16 with weights drawn from {@code seed}. */
  public static Path write(Path file, long seed) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Shape> e : shapes().entrySet()) {
      String name = e.getKey();
      Shape shape = e.getValue();
      long tensorSeed = seed * 31 + name.hashCode();
      entries.add(SafetensorsWriter.floats(name, Dtype.F16, shape, fill(name, shape, tensorSeed)));
    }
    SafetensorsWriter.write(file, entries, Map.of("format", "pt"));
    return file;
  }

  private static SafetensorsWriter.FloatFill fill(String name, Shape shape, long seed) {
    boolean vector = shape.dimension() == 1;
    if (vector) { // the only 1-D weights are norms' scales; 1-D biases start at 0
      float value = name.endsWith(".weight") ? 1f : 0f;
      return (first, v, count) -> java.util.Arrays.fill(v, 0, count, value);
    }
    double scale =
        name.contains("embedding") ? 0.02 : 1.0 / Math.sqrt(shape.size() / (double) shape.get(0));
    SplittableRandom random = new SplittableRandom(seed);
    return (first, v, count) -> {
      for (int i = 0; i < count; i++) {
        v[i] = (float) (gaussian(random) * scale);
      }
    };
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
