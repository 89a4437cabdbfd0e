package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/** Weights held in memory, for tests: name → float32 array. */
public final class MapWeights implements WeightSource {

  private final Map<String, NDArray> arrays;

  public MapWeights(Map<String, NDArray> arrays) {
    this.arrays = new LinkedHashMap<>(arrays);
  }

  @Override
  public Map<String, Shape> shapes() {
    Map<String, Shape> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, v.getShape()));
    return out;
  }

  @Override
  public NDArray read(String name, NDManager manager) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("No tensor " + name);
    }
    NDArray copy = manager.create(a.getShape());
    a.copyTo(copy);
    return copy;
  }

  @Override
  public void close() {}
}
