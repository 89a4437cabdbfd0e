package dev.atelier.diffusion.sd.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.atelier.diffusion.nn.Precision;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRAs merged into a loaded model's weights, so that sampling with them costs nothing extra: each
 * module adds {@code weight · (alpha / rank) · up @ down} (reshaped to the weight: a linear layer,
 * a 1×1 convolution, or a k×k one through its flattened kernel) to the weight it stands for.
 *
 * <p>Invariant: every weight that a merge has changed has its original bits kept here, taken the
 * first time it is changed; the model's weights are always "originals plus the current set". A new
 * set is therefore applied by first copying every kept original back (bit for bit), then merging
 * the new set from those originals; the empty set leaves the model exactly as it was loaded. A set
 * is checked against the model in full before any weight is touched, so a refused set leaves the
 * current one in place.
 *
 * <p>Not thread-safe against readers of the weights: the caller keeps forward passes out while
 * {@link #set} runs.
 */
public final class LoraMerge implements AutoCloseable {

  private record Contribution(LoraModule module, double weight) {}

  /** One weight of the model and the modules that change it, in the order of the set. */
  private record Change(LoraTargets.Target target, List<Contribution> contributions) {}

  private final LoraTargets targets;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final NDManager kept;
  private final Map<String, Kept> originals = new LinkedHashMap<>();
  private LoraReport current = LoraReport.NONE;

  private record Kept(Parameter parameter, NDArray original) {}

  /**
   * @param unet the UNet's parameters by key without {@code unetPrefix}
   * @param text the text encoder's parameters by key without {@code textPrefix} ({@code
   *     encoder.layers.0.self_attn.q_proj.weight})
   * @param manager where the kept originals live (a sub-manager is made of it)
   */
  public LoraMerge(
      Map<String, Parameter> unet,
      UNetConfig config,
      String unetPrefix,
      Map<String, Parameter> text,
      String textPrefix,
      NDManager manager) {
    Map<String, Shape> unetShapes = new LinkedHashMap<>();
    unet.forEach(
        (k, p) -> {
          unetShapes.put(k, p.getArray().getShape());
          parameters.put(unetPrefix + k, p);
        });
    Map<String, Shape> textShapes = new LinkedHashMap<>();
    text.forEach(
        (k, p) -> {
          textShapes.put(k, p.getArray().getShape());
          parameters.put(textPrefix + k, p);
        });
    this.targets = new LoraTargets(unetShapes, config, unetPrefix, textShapes, textPrefix);
    this.kept = manager.newSubManager();
  }

  /** The set merged now; {@link LoraReport#NONE} when none. */
  public synchronized LoraReport current() {
    return current;
  }

  /**
   * Makes {@code uses} the merged set, replacing the current one; an empty list restores the
   * model's own weights bit for bit.
   *
   * @throws LoraException when a weight is not finite, a module does not fit the weight it names,
   *     or a file has no module this model has; the current set then stays merged
   * @throws IllegalStateException when a file was closed; the current set stays merged
   * @throws RuntimeException when the engine fails during the merge; the model's own weights are
   *     then restored and no LoRA is merged
   */
  public synchronized LoraReport set(List<LoraUse> uses) {
    Map<String, Change> plan = new LinkedHashMap<>();
    List<LoraReport.Applied> applied = new ArrayList<>();
    for (LoraUse use : uses) {
      applied.add(plan(use, plan));
    }
    restore();
    try {
      plan.values().forEach(this::merge);
    } catch (RuntimeException e) {
      restore();
      current = LoraReport.NONE;
      throw e;
    }
    current = new LoraReport(applied);
    return current;
  }

  private LoraReport.Applied plan(LoraUse use, Map<String, Change> plan) {
    LoraFile file = use.file();
    if (file.isClosed()) {
      throw new IllegalStateException("LoRA " + file.path().getFileName() + " is closed");
    }
    if (!Double.isFinite(use.weight())) {
      throw LoraException.of(
          LoraException.Reason.BAD_WEIGHT,
          file.path(),
          null,
          "its weight " + use.weight() + " is not a number.");
    }
    List<IgnoredKey> unmatched = new ArrayList<>(file.ignored());
    Map<String, Change> mine = new LinkedHashMap<>();
    for (LoraModule m : file.modules()) {
      LoraTargets.Target t = targets.find(m.name());
      if (t == null) {
        unmatched.add(new IgnoredKey(m.name(), "the model has no module of this name"));
        continue;
      }
      checkFit(file, m, t);
      mine.computeIfAbsent(t.key(), k -> new Change(t, new ArrayList<>()))
          .contributions()
          .add(new Contribution(m, use.weight()));
    }
    if (mine.isEmpty()) {
      throw LoraException.of(
          LoraException.Reason.NO_USABLE_KEYS,
          file.path(),
          null,
          "none of its "
              + file.modules().size()
              + " modules is a module of this model (e.g. "
              + file.modules().getFirst().name()
              + "); it was made for another kind of model.");
    }
    mine.forEach(
        (k, v) ->
            plan.computeIfAbsent(k, x -> new Change(v.target(), new ArrayList<>()))
                .contributions()
                .addAll(v.contributions()));
    int merged = mine.values().stream().mapToInt(c -> c.contributions().size()).sum();
    return new LoraReport.Applied(file.path(), file.sha256(), use.weight(), merged, unmatched);
  }

  /**
   * {@code up (out, rank[, 1, 1]) @ down (rank, in[, k, k])} must be the weight's shape {@code
   * (out, in[, k, k])}; a 2-D projection fits a 1×1 kernel and the other way round.
   */
  static void checkFit(LoraFile file, LoraModule m, LoraTargets.Target t) {
    Shape w = t.shape();
    Shape down = m.down().getShape();
    Shape up = m.up().getShape();
    boolean outFits = up.get(0) == w.get(0);
    boolean inFits = down.get(1) == w.get(1) && kernel(down).equals(kernel(w));
    if (!outFits || !inFits) {
      throw LoraException.of(
          LoraException.Reason.SHAPE_MISMATCH,
          file.path(),
          m.name(),
          "its lora_up "
              + up
              + " and lora_down "
              + down
              + " do not fit the model's weight "
              + t.key()
              + " of shape "
              + w
              + "; the LoRA was made for another model.");
    }
  }

  /** The kernel size of a 4-D weight, as "k×k"; a 2-D weight is a 1×1 kernel. */
  private static String kernel(Shape s) {
    return s.dimension() == 4 ? s.get(2) + "x" + s.get(3) : "1x1";
  }

  /**
   * Adds each contribution to the weight in turn: {@code W += (weight · alpha / rank) · (up @
   * down)}, the factor rounded to float32 and applied to the float32 product. A weight of 0 leaves
   * the weight's bits untouched.
   */
  private void merge(Change change) {
    Parameter p = parameters.get(change.target().key());
    NDArray w = p.getArray();
    if (!originals.containsKey(change.target().key())) {
      NDArray copy = w.duplicate();
      copy.attach(kept);
      originals.put(change.target().key(), new Kept(p, copy));
    }
    for (Contribution c : change.contributions()) {
      if (c.weight() == 0) {
        continue;
      }
      try (NDManager scope = w.getManager().newSubManager(w.getDevice())) {
        LoraModule m = c.module();
        long out = w.getShape().get(0);
        NDArray up = onScope(m.up(), scope).reshape(out, m.rank());
        NDArray down = onScope(m.down(), scope).reshape(m.rank(), -1);
        NDArray delta = up.matMul(down).muli((float) (c.weight() * m.scale()));
        // float16 weights (on a GPU) take the float32 product rounded once, at the end.
        w.addi(Precision.as(delta.reshape(w.getShape()), w.getDataType()));
      }
    }
  }

  /** A copy of a LoRA tensor on the scope, so nothing derived from it stays with the LoRA. */
  private static NDArray onScope(NDArray a, NDManager scope) {
    NDArray copy = a.toDevice(scope.getDevice(), true);
    copy.attach(scope);
    return copy;
  }

  /** Copies every kept original back into its weight, bit for bit, and lets the copies go. */
  private void restore() {
    for (Kept k : originals.values()) {
      k.parameter().getArray().set(k.original().toByteBuffer());
      k.original().close();
    }
    originals.clear();
  }

  /** Lets the kept originals go; the model keeps whatever weights it has now. */
  @Override
  public synchronized void close() {
    kept.close();
  }
}
