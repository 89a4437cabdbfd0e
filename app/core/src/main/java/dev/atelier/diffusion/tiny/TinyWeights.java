package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.atelier.diffusion.ModelIntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and writes the built-in model's weights: one DJL {@link NDList} file of named float16
 * arrays (half the size of float32, and more than enough precision for sampling). Names are the
 * network's parameter names, so a file only loads into the architecture it came from.
 */
public final class TinyWeights {

  public static final String FILE_NAME = "weights.ndlist";

  private TinyWeights() {}

  /** Writes {@code weights} (by parameter name) as float16. */
  public static void write(Path file, Map<String, NDArray> weights) throws IOException {
    try (NDList list = new NDList();
        OutputStream out = Files.newOutputStream(file)) {
      weights.forEach(
          (name, w) -> {
            NDArray half = w.toType(DataType.FLOAT16, true);
            half.setName(name);
            list.add(half);
          });
      list.encode(out);
    }
  }

  /**
   * Builds the network for {@code config} on {@code manager} and loads the weights into it.
   *
   * @throws ModelIntegrityException when the file does not fit the architecture
   */
  public static TinyUNet load(Path file, TinyUNetConfig config, NDManager manager) {
    TinyUNet net = new TinyUNet(config);
    int s = config.imageSize();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s), new Shape(1), new Shape(1, 2));
    copyInto(file, net, manager);
    return net;
  }

  /**
   * Overwrites the parameters of an initialised network with the weights in {@code file}.
   *
   * @throws ModelIntegrityException when the file does not fit the network
   */
  public static void copyInto(Path file, TinyUNet net, NDManager manager) {
    copyInto(file, net, manager, false);
  }

  /**
   * Like {@link #copyInto(Path, TinyUNet, NDManager)}, but when {@code growing}, the weights of a
   * network without the refinement stage are accepted for one with it: the stage's parameters
   * missing from the file keep their initial values. Every other parameter must still be there.
   *
   * @return the number of parameters the file did not have
   */
  public static int copyInto(Path file, TinyUNet net, NDManager manager, boolean growing) {
    int missing = 0;
    try (NDManager scratch = manager.newSubManager();
        InputStream in = Files.newInputStream(file)) {
      NDList list;
      try {
        list = NDList.decode(scratch, in);
      } catch (RuntimeException e) {
        throw new ModelIntegrityException("Weights file " + file + " is unreadable", e);
      }
      Map<String, NDArray> byName = new HashMap<>();
      list.forEach(a -> byName.put(a.getName(), a));
      for (Pair<String, Parameter> p : net.getParameters()) {
        NDArray src = byName.remove(p.getKey());
        NDArray dst = p.getValue().getArray();
        if (src == null && growing && TinyUNet.isRefinement(p.getKey())) {
          missing++;
          continue;
        }
        if (src == null || !src.getShape().equals(dst.getShape())) {
          throw new ModelIntegrityException(
              "Weights file " + file + " does not fit the model at parameter " + p.getKey());
        }
        dst.set(src.toType(DataType.FLOAT32, false).toByteBuffer());
      }
      if (!byName.isEmpty()) {
        throw new ModelIntegrityException(
            "Weights file " + file + " has parameters the model lacks: " + byName.keySet());
      }
    } catch (IOException e) {
      throw new ModelIntegrityException("Cannot read weights file " + file, e);
    }
    return missing;
  }
}
