package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.atelier.diffusion.ModelIntegrityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fills a network's parameters from a {@link WeightSource}, checking first that the source has
 * exactly the tensors the network expects, each of the expected shape. A checkpoint is untrusted
 * input: every mismatch is reported by key before any tensor is read.
 */
public final class WeightLoader {

  private WeightLoader() {}

  /**
   * Loads {@code network}, whose {@link BlockKeys} must equal {@code expected}'s keys, from the
   * tensors named {@code prefix + key} in {@code source}.
   *
   * @param expected every parameter's key (without prefix) and shape, as the architecture defines
   *     them for this configuration
   * @return the keys under {@code prefix} in the source that the network does not use (empty for a
   *     checkpoint of exactly this architecture)
   * @throws ModelIntegrityException when a tensor is missing or of the wrong shape
   * @throws IllegalStateException when the network and {@code expected} disagree (a bug, not bad
   *     input)
   */
  public static List<String> load(
      Block network,
      Map<String, Shape> expected,
      String prefix,
      WeightSource source,
      NDManager manager) {
    return load(network, expected, prefix, source, manager, DataType.FLOAT32);
  }

  /**
   * {@link #load(Block, Map, String, WeightSource, NDManager)}, keeping the weights as {@code
   * type}: each tensor is read as float32 onto {@code manager} and converted there, one at a time.
   * Pass float16 only for a manager on a GPU (see {@link Precision}).
   */
  public static List<String> load(
      Block network,
      Map<String, Shape> expected,
      String prefix,
      WeightSource source,
      NDManager manager,
      DataType type) {
    Map<String, Parameter> params = BlockKeys.of(network);
    if (!params.keySet().equals(expected.keySet())) {
      TreeSet<String> onlyNetwork = new TreeSet<>(params.keySet());
      onlyNetwork.removeAll(expected.keySet());
      TreeSet<String> onlyTable = new TreeSet<>(expected.keySet());
      onlyTable.removeAll(params.keySet());
      throw new IllegalStateException(
          "Network and shape table differ: network only "
              + onlyNetwork
              + ", table only "
              + onlyTable);
    }
    check(expected, prefix, source);
    for (Map.Entry<String, Parameter> p : params.entrySet()) {
      NDArray read = source.read(prefix + p.getKey(), manager);
      NDArray array = Precision.as(read, type);
      if (array != read) {
        read.close();
      }
      p.getValue().setArray(array);
    }
    List<String> unused = new ArrayList<>();
    for (String key : source.shapes().keySet()) {
      if (key.startsWith(prefix) && !expected.containsKey(key.substring(prefix.length()))) {
        unused.add(key);
      }
    }
    return unused;
  }

  /** Checks presence and shape of every expected tensor without reading any. */
  public static void check(Map<String, Shape> expected, String prefix, WeightSource source) {
    Map<String, Shape> present = source.shapes();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Shape> e : expected.entrySet()) {
      String key = prefix + e.getKey();
      Shape shape = present.get(key);
      if (shape == null) {
        missing.add(key);
      } else if (!shape.equals(e.getValue())) {
        throw new ModelIntegrityException(
            "Checkpoint tensor " + key + " has shape " + shape + ", expected " + e.getValue());
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelIntegrityException(
          "Checkpoint lacks "
              + missing.size()
              + " tensor(s) the model needs, e.g. "
              + String.join(", ", missing.subList(0, Math.min(3, missing.size()))));
    }
  }
}
