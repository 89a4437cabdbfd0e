package dev.atelier.diffusion.sd.unet;

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
 * Reads a small fixture {@code .safetensors} file into float32 arrays by name. It uses DJL's
 * decoder (fine for files under 2 GiB) until Atelier's own reader is used for checkpoints.
 */
final class FixtureTensors {

  static final Path DIR = Path.of(System.getProperty("atelier.fixtures"), "sd-native", "unet");

  private FixtureTensors() {}

  static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(manager, in);
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (NDArray a : list) {
        out.put(a.getName(), a.toType(DataType.FLOAT32, false));
      }
      return out;
    }
  }
}
