package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, AdamW) plus an exponential moving
 * average of the weights. Kept here rather than using DJL's optimizer so that all of its state can
 * be written into a checkpoint and training resumes exactly where it stopped.
 */
final class AdamState implements AutoCloseable {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final Map<String, Parameter> parameters;
  private final Map<String, NDArray> first = new LinkedHashMap<>();
  private final Map<String, NDArray> second = new LinkedHashMap<>();
  private final Map<String, NDArray> average = new LinkedHashMap<>();
  private final NDManager manager;

  AdamState(NDManager manager, Map<String, Parameter> parameters) {
    this.manager = manager;
    this.parameters = parameters;
    parameters.forEach(
        (name, p) -> {
          NDArray w = p.getArray();
          first.put(name, manager.zeros(w.getShape()));
          second.put(name, manager.zeros(w.getShape()));
          average.put(name, w.duplicate());
        });
  }

  /**
   * One update from the gradients now on the parameters, which are then cleared.
   *
   * @param step 1-based step number (for bias correction)
   */
  void update(int step, float learningRate, float weightDecay, float emaDecay) {
    float correction1 = 1 - (float) Math.pow(BETA1, step);
    float correction2 = 1 - (float) Math.pow(BETA2, step);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      // Every array below is borrowed by a scratch manager for the update, so each temporary
      // result lands there and is freed with it; the four state arrays go back to their owner.
      try (NDManager scratch = manager.newSubManager()) {
        NDArray w = e.getValue().getArray();
        NDArray g = w.getGradient();
        g.attach(scratch);
        NDArray m = first.get(e.getKey());
        NDArray v = second.get(e.getKey());
        NDArray avg = average.get(e.getKey());
        w.tempAttach(scratch);
        m.tempAttach(scratch);
        v.tempAttach(scratch);
        avg.tempAttach(scratch);
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.square().muli(1 - BETA2));
        NDArray stepSize =
            m.div(correction1).divi(v.div(correction2).sqrt().addi(EPSILON)).muli(learningRate);
        if (weightDecay > 0 && w.getShape().dimension() > 1) {
          w.muli(1 - learningRate * weightDecay);
        }
        w.subi(stepSize);
        g.subi(g);
        avg.muli(emaDecay).addi(w.mul(1 - emaDecay));
      }
    }
  }

  /** The moving average of the weights, by parameter id: what sampling uses. */
  Map<String, NDArray> average() {
    return average;
  }

  /** All state as named arrays, for a checkpoint. */
  NDList toList() {
    NDList list = new NDList();
    parameters.forEach(
        (name, p) -> {
          list.add(named(p.getArray(), "w:" + name));
          list.add(named(first.get(name), "m:" + name));
          list.add(named(second.get(name), "v:" + name));
          list.add(named(average.get(name), "a:" + name));
        });
    return list;
  }

  /** Restores state written by {@link #toList}. */
  void restore(NDList list) {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (NDArray a : list) {
      byName.put(a.getName(), a);
    }
    parameters.forEach(
        (name, p) -> {
          copy(byName, "w:" + name, p.getArray());
          copy(byName, "m:" + name, first.get(name));
          copy(byName, "v:" + name, second.get(name));
          copy(byName, "a:" + name, average.get(name));
        });
  }

  private static void copy(Map<String, NDArray> from, String name, NDArray to) {
    NDArray src = from.get(name);
    if (src == null || !src.getShape().equals(to.getShape())) {
      throw new IllegalArgumentException("Checkpoint does not match the model at " + name);
    }
    to.set(src.toByteBuffer());
  }

  private static NDArray named(NDArray a, String name) {
    NDArray copy = a.duplicate();
    copy.setName(name);
    return copy;
  }

  @Override
  public void close() {
    first.values().forEach(NDArray::close);
    second.values().forEach(NDArray::close);
    average.values().forEach(NDArray::close);
  }
}
