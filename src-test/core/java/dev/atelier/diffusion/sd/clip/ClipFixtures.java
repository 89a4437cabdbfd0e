package dev.atelier.diffusion.sd.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text encoder's small fixture files ({@code src-test/fixtures/sd-native/clip}), read with
 * DJL's in-memory safetensors decoder (fine for files this small). The one place to change when the
 * native safetensors reader takes over.
 */
final class ClipFixtures {

  static final Path DIR = Path.of(System.getProperty("atelier.fixtures"), "sd-native", "clip");

  private ClipFixtures() {}

  /** Every tensor by name; floating-point ones as float32, others as stored. */
  static Map<String, NDArray> read(String file, NDManager manager) throws IOException {
    Map<String, NDArray> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
      for (NDArray a : NDList.decode(manager, in)) {
        out.put(a.getName(), a.getDataType().isFloating() ? a.toType(DataType.FLOAT32, false) : a);
      }
    }
    return out;
  }
}
