package dev.atelier.diffusion.sd.lora;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes kohya-format LoRA files for tests: modules with seeded normal values, an optional alpha,
 * and any extra (or hostile) tensors.
 */
public final class LoraFixtures {

  private final List<SafetensorsWriter.Entry> entries = new ArrayList<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final SplittableRandom random;
  private Dtype dtype = Dtype.F32;

  public LoraFixtures(long seed) {
    random = new SplittableRandom(seed);
  }

  /** Stores tensors as {@code dtype} from here on (values are kept as they read back). */
  public LoraFixtures dtype(Dtype d) {
    dtype = d;
    return this;
  }

  /**
   * A module {@code name} with {@code down} and {@code up} of the given shapes, values of standard
   * deviation {@code std}, and {@code alpha} (none when null).
   */
  public LoraFixtures module(String name, Shape down, Shape up, Float alpha, double std) {
    tensor(name + ".lora_down.weight", down, std);
    tensor(name + ".lora_up.weight", up, std);
    if (alpha != null) {
      tensor(name + ".alpha", new Shape(), new float[] {alpha});
    }
    return this;
  }

  /** A linear module (out × in) of rank {@code rank}. */
  public LoraFixtures linear(String name, int out, int in, int rank, Float alpha, double std) {
    return module(name, new Shape(rank, in), new Shape(out, rank), alpha, std);
  }

  /** A tensor of seeded normal values. */
  public LoraFixtures tensor(String name, Shape shape, double std) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (normal() * std);
    }
    return tensor(name, shape, v);
  }

  /** A tensor of the given values. */
  public LoraFixtures tensor(String name, Shape shape, float[] v) {
    float[] stored = v.clone();
    if (dtype == Dtype.F16) {
      for (int i = 0; i < stored.length; i++) {
        stored[i] = Float.float16ToFloat(Float.floatToFloat16(stored[i]));
      }
    }
    entries.add(SafetensorsWriter.floats(name, dtype, shape, stored));
    values.put(name, stored);
    return this;
  }

  public LoraFixtures metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** The values of a tensor as written. */
  public float[] values(String name) {
    return values.get(name);
  }

  public Path write(Path file) throws IOException {
    SafetensorsWriter.write(file, entries, metadata);
    return file;
  }

  private double normal() {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
