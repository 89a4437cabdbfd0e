package dev.atelier.gui.generate;

import dev.atelier.diffusion.sampling.SamplingRun;
import dev.atelier.generate.GenerationRequest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * The hires fix on the Generate form, one action with Generate: when on, each variant is made at
 * the form's size, its sample scaled up by {@link #scaleProperty() scale} and refined at the larger
 * size at {@link #strengthProperty() strength}, all in the same run ({@link
 * GenerationRequest.Hires}). Used on the JavaFX thread.
 */
public final class HiresModel {

  /** The scales offered. */
  public static final List<Double> SCALES = List.of(1.25, 1.5, 2.0);

  public static final double DEFAULT_SCALE = 1.5;
  public static final double DEFAULT_STRENGTH = GenerationRequest.Hires.DEFAULT_STRENGTH;

  /** The lowest strength offered. */
  public static final double MIN_STRENGTH = 0.05;

  private final ObservableValue<Integer> width;
  private final ObservableValue<Integer> height;
  private final ObservableValue<Integer> steps;
  private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
  private final ObjectProperty<Double> scale =
      new SimpleObjectProperty<>(this, "scale", DEFAULT_SCALE);
  private final DoubleProperty strength =
      new SimpleDoubleProperty(this, "strength", DEFAULT_STRENGTH);
  private final StringBinding outputText;
  private final StringBinding strengthText;

  /**
   * @param width the form's width, @param height its height, @param steps its steps
   */
  HiresModel(
      ObservableValue<Integer> width,
      ObservableValue<Integer> height,
      ObservableValue<Integer> steps) {
    this.width = Objects.requireNonNull(width);
    this.height = Objects.requireNonNull(height);
    this.steps = Objects.requireNonNull(steps);
    outputText =
        Bindings.createStringBinding(this::describeOutput, width, height, steps, scale, strength);
    strengthText =
        Bindings.createStringBinding(
            () -> String.format(Locale.ROOT, "%.2f", strength()), strength);
  }

  /** The pass a run makes, or null when the hires fix is off. */
  GenerationRequest.Hires pass() {
    return enabled.get() ? new GenerationRequest.Hires(scale(), strength()) : null;
  }

  /** {@code request} with the hires pass when it is on; unchanged otherwise. */
  GenerationRequest applyTo(GenerationRequest request) {
    GenerationRequest.Hires pass = pass();
    return pass == null ? request : request.withHires(pass);
  }

  /** The scale a run uses. */
  public double scale() {
    Double s = scale.get();
    return s == null ? DEFAULT_SCALE : Math.clamp(s, 1.05, 2.0);
  }

  /** The strength a run uses: the slider's value to two decimals, within the offered range. */
  public double strength() {
    double s = Math.round(strength.get() * 100) / 100.0;
    return Math.clamp(s, MIN_STRENGTH, 1.0);
  }

  /** "→ 768×768 · 10 more steps", as the core sizes the pass ({@link GenerationRequest.Hires}). */
  private String describeOutput() {
    GenerationRequest.Hires pass = new GenerationRequest.Hires(scale(), strength());
    int w = width.getValue() == null ? 0 : width.getValue();
    int h = height.getValue() == null ? 0 : height.getValue();
    int more =
        SamplingRun.Start.stepsRun(steps.getValue() == null ? 0 : steps.getValue(), strength());
    return "→ "
        + pass.side(w)
        + "×"
        + pass.side(h)
        + " · "
        + more
        + " more step"
        + (more == 1 ? "" : "s");
  }

  // ---- properties -----------------------------------------------------------------------

  /** Whether Generate also makes the refined larger pass. */
  public BooleanProperty enabledProperty() {
    return enabled;
  }

  /** One of {@link #SCALES}. */
  public ObjectProperty<Double> scaleProperty() {
    return scale;
  }

  /** From {@link #MIN_STRENGTH} to 1: how much of the schedule the larger pass runs. */
  public DoubleProperty strengthProperty() {
    return strength;
  }

  /** The strength as shown, "0.50". */
  public StringBinding strengthText() {
    return strengthText;
  }

  /** The pictures' size and the steps the pass adds, in words. */
  public StringBinding outputText() {
    return outputText;
  }
}
