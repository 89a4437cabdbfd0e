package dev.atelier.diffusion.sd.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.nn.WeightSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tensors of one or more sources under new names, some with a new shape of the same size (a
 * diffusers VAE attention's linear weight [C, C] is LDM's 1×1 convolution [C, C, 1, 1]). Closing it
 * closes the sources.
 */
final class RenamedWeights implements WeightSource {

  private record Slot(WeightSource source, String name, Shape shape) {}

  private final Map<String, Slot> slots;
  private final Map<String, Shape> shapes;
  private final List<WeightSource> sources;

  private RenamedWeights(Map<String, Slot> slots, List<WeightSource> sources) {
    this.slots = slots;
    this.sources = sources;
    Map<String, Shape> s = new LinkedHashMap<>();
    slots.forEach((k, v) -> s.put(k, v.shape()));
    this.shapes = Collections.unmodifiableMap(s);
  }

  /** Collects names; refuses two tensors under one name. */
  static final class Builder {
    private final Path path;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<WeightSource> sources = new ArrayList<>();

    Builder(Path path) {
      this.path = path;
    }

    /** Takes ownership of {@code source}: it is closed with the result, or by {@link #abandon}. */
    Builder own(WeightSource source) {
      sources.add(source);
      return this;
    }

    Builder put(String name, WeightSource source, String sourceName, Shape shape) {
      Slot old = slots.putIfAbsent(name, new Slot(source, sourceName, shape));
      if (old != null) {
        throw CheckpointException.of(
            CheckpointException.Reason.CONFLICTING_KEYS,
            path,
            "",
            "tensors \""
                + old.name()
                + "\" and \""
                + sourceName
                + "\" both stand for "
                + name
                + ".");
      }
      return this;
    }

    RenamedWeights build() {
      return new RenamedWeights(Collections.unmodifiableMap(slots), List.copyOf(sources));
    }

    /** Closes the sources taken so far, after a failure. */
    void abandon() {
      sources.forEach(WeightSource::close);
    }
  }

  @Override
  public Map<String, Shape> shapes() {
    return shapes;
  }

  @Override
  public NDArray read(String name, NDManager manager) {
    Slot slot = slots.get(name);
    if (slot == null) {
      throw new IllegalArgumentException("No tensor " + name);
    }
    NDArray a = slot.source().read(slot.name(), manager);
    if (a.getShape().equals(slot.shape())) {
      return a;
    }
    NDArray reshaped = a.reshape(slot.shape());
    a.close();
    return reshaped;
  }

  @Override
  public void close() {
    sources.forEach(WeightSource::close);
  }
}
