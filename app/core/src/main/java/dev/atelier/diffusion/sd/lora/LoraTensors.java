package dev.atelier.diffusion.sd.lora;

import static dev.atelier.diffusion.sd.lora.LoraException.Reason.BAD_ALPHA;
import static dev.atelier.diffusion.sd.lora.LoraException.Reason.BAD_SHAPE;
import static dev.atelier.diffusion.sd.lora.LoraException.Reason.NOT_FINITE;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import java.nio.file.Path;

/**
 * Reads and checks one module's tensors: {@code down (rank, in)} or {@code (rank, in, k, k)},
 * {@code up (out, rank)} or {@code (out, rank, 1, 1)} with the same rank, an alpha that is one
 * finite number (the rank when absent), and no NaN or infinite value anywhere.
 */
final class LoraTensors {

  private LoraTensors() {}

  static LoraModule read(Path file, SafetensorsFile st, LoraKeys.Group g, NDManager manager) {
    Shape down = st.shapes().get(g.down);
    Shape up = st.shapes().get(g.up);
    checkShapes(file, g, down, up);
    double alpha = down.get(0);
    if (g.alpha != null) {
      alpha = alpha(file, st, g.alpha, manager);
    }
    NDArray d = finite(file, g.down, st.read(g.down, manager));
    NDArray u = finite(file, g.up, st.read(g.up, manager));
    return new LoraModule(g.name, g.part, g.module, d, u, alpha);
  }

  private static void checkShapes(Path file, LoraKeys.Group g, Shape down, Shape up) {
    boolean downOk = (down.dimension() == 2 || down.dimension() == 4) && down.size() > 0;
    if (!downOk) {
      throw LoraException.of(
          BAD_SHAPE,
          file,
          g.down,
          "a lora_down weight is (rank, in) or (rank, in, k, k), not " + down + ".");
    }
    boolean upOk =
        (up.dimension() == 2 || (up.dimension() == 4 && up.get(2) == 1 && up.get(3) == 1))
            && up.size() > 0;
    if (!upOk) {
      throw LoraException.of(
          BAD_SHAPE,
          file,
          g.up,
          "a lora_up weight is (out, rank) or (out, rank, 1, 1), not " + up + ".");
    }
    if (down.get(0) != up.get(1)) {
      throw LoraException.of(
          BAD_SHAPE,
          file,
          g.name,
          "its lora_down weight "
              + down
              + " has rank "
              + down.get(0)
              + " but its lora_up weight "
              + up
              + " has rank "
              + up.get(1)
              + ".");
    }
  }

  private static double alpha(Path file, SafetensorsFile st, String key, NDManager manager) {
    Shape s = st.shapes().get(key);
    if (s.size() != 1 || s.dimension() > 1) {
      throw LoraException.of(
          BAD_ALPHA, file, key, "an alpha is one number, but this one has shape " + s + ".");
    }
    float value;
    try (NDManager scope = manager.newSubManager()) {
      value = st.read(key, scope).toFloatArray()[0];
    }
    if (!Float.isFinite(value)) {
      throw LoraException.of(BAD_ALPHA, file, key, "its alpha is " + value + ".");
    }
    return value;
  }

  private static NDArray finite(Path file, String key, NDArray a) {
    boolean bad;
    try (NDManager scope = a.getManager().newSubManager()) {
      a.tempAttach(scope);
      bad = a.isNaN().logicalOr(a.isInfinite()).any().getBoolean();
    }
    if (bad) {
      a.close();
      throw LoraException.of(NOT_FINITE, file, key, "it holds NaN or infinite values.");
    }
    return a;
  }
}
