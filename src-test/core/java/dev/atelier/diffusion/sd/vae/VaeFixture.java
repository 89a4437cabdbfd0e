package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.atelier.diffusion.nn.MapWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reduced random-weight VAE of {@code src-test/fixtures/sd-native/vae} (written by its
 * make_vae_fixture.py from CompVis ldm) and the reference's inputs and outputs. Small files only:
 * they are read with DJL's safetensors decoder, which holds a file in one array.
 */
final class VaeFixture {

  static final Path DIR = Path.of(System.getProperty("atelier.fixtures"), "sd-native", "vae");

  /** The fixture's architecture: 32 base channels, multipliers 1, 1, 2, 2. */
  static final VaeConfig CONFIG = new VaeConfig(4, 32, List.of(1, 1, 2, 2), 2, 32, 1e-6f, 0.18215f);

  private VaeFixture() {}

  static MapWeights weights(NDManager manager) {
    return new MapWeights(read(DIR.resolve("vae-small.safetensors"), manager));
  }

  /** latent, decoded, image, mean, logvar. */
  static Map<String, NDArray> io(NDManager manager) {
    return read(DIR.resolve("vae-io.safetensors"), manager);
  }

  static Vae vae(NDManager manager, boolean withEncoder) {
    return Vae.load(weights(manager), VaeShapes.PREFIX, CONFIG, withEncoder, manager);
  }

  /** Every tensor of a small safetensors file, as float32. */
  static Map<String, NDArray> read(Path file, NDManager manager) {
    try (InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(manager, in);
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (NDArray a : list) {
        out.put(a.getName(), a.toType(DataType.FLOAT32, false));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }
}
