package dev.atelier.gui.generate;

import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.PromptCheck;
import dev.atelier.gui.common.Lane;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Generate form: the prompt and its history, the negative prompt, the model picker and the
 * settings that decide the pixels. Choosing a model fills in the settings it recommends; the form
 * turns into a {@link GenerationRequest}. Next to the prompt it says when the chosen model would
 * find no style in it, with the words it understands ({@link #adviceProperty()}). A {@link
 * #startPicture() start picture}, when one is chosen, makes the request image-to-image. Used on the
 * JavaFX thread.
 */
public final class GenerateFormModel {

  static final int HISTORY_SIZE = 50;
  private static final int PREVIEWS_PER_RUN = 10;

  private final GenerationSession session;
  private final LongSupplier randomSeeds;

  private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
  private final StringProperty negativePrompt =
      new SimpleStringProperty(this, "negativePrompt", "");
  private final ObservableList<String> history = FXCollections.observableArrayList();
  private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
  private final ObjectProperty<ModelChoice> model = new SimpleObjectProperty<>(this, "model");
  private final ObjectProperty<SamplerKind> sampler =
      new SimpleObjectProperty<>(this, "sampler", SamplerKind.DPMPP_2M_KARRAS);
  private final ObjectProperty<Integer> steps = new SimpleObjectProperty<>(this, "steps", 20);
  private final ObjectProperty<Double> guidance = new SimpleObjectProperty<>(this, "guidance", 3.0);
  private final ObjectProperty<Integer> width = new SimpleObjectProperty<>(this, "width", 64);
  private final ObjectProperty<Integer> height = new SimpleObjectProperty<>(this, "height", 64);
  private final ObjectProperty<Long> seed = new SimpleObjectProperty<>(this, "seed", 0L);
  private final BooleanProperty seedLocked = new SimpleBooleanProperty(this, "seedLocked");
  private final ObjectProperty<Integer> variantCount =
      new SimpleObjectProperty<>(this, "variantCount", 4);
  private final ReadOnlyStringWrapper modelsText =
      new ReadOnlyStringWrapper(this, "modelsText", "Looking for models…");
  private final ObservableList<String> historyView =
      FXCollections.unmodifiableObservableList(history);
  private final ObservableList<ModelChoice> modelsView =
      FXCollections.unmodifiableObservableList(models);
  private final StringBinding advice;
  private final StartPictureModel start;
  private final LoraListModel loras;
  private final HiresModel hires;
  private final SettingsRestore settingsRestore;

  /**
   * @param session tells which words a model understands
   * @param randomSeeds new seeds for "randomise" and unlocked runs
   * @param files reads start pictures
   * @param problems shows why a start picture cannot be used
   */
  GenerateFormModel(
      GenerationSession session, LongSupplier randomSeeds, Lane files, Consumer<String> problems) {
    this.session = Objects.requireNonNull(session);
    this.randomSeeds = Objects.requireNonNull(randomSeeds);
    this.start = new StartPictureModel(files, problems, steps);
    this.loras = new LoraListModel(files, problems, model, session.loras().folder().orElse(null));
    this.hires = new HiresModel(width, height, steps);
    this.settingsRestore = new SettingsRestore(this, files, session.loras());
    seed.set(randomSeeds.getAsLong());
    model.addListener((obs, old, now) -> applyDefaults(now));
    advice = Bindings.createStringBinding(this::adviceText, prompt, model);
  }

  private String adviceText() {
    ModelChoice choice = model.get();
    if (choice == null) {
      return "";
    }
    return session
        .advice(choice.installed(), prompt.get())
        .map(PromptCheck.StyleAdvice::message)
        .orElse("");
  }

  /** A newly chosen model's recommended settings fill the form. */
  private void applyDefaults(ModelChoice choice) {
    if (choice == null) {
      return;
    }
    GenerationDefaults d = choice.defaults();
    try {
      sampler.set(SamplerKind.fromId(d.sampler()));
    } catch (IllegalArgumentException e) {
      sampler.set(SamplerKind.DPMPP_2M_KARRAS);
    }
    steps.set(d.steps());
    guidance.set(d.guidance());
    width.set(d.width());
    height.set(d.height());
  }

  /**
   * Shows the installed models. The chosen one stays when it is still installed; otherwise {@code
   * wanted} (the last generation's model) or the first one is chosen.
   */
  void showModels(List<ModelChoice> choices, String wanted) {
    ModelChoice chosen = model.get();
    models.setAll(choices);
    modelsText.set(describeModels(choices.size()));
    boolean stillThere =
        chosen != null && choices.stream().anyMatch(c -> c.id().equals(chosen.id()));
    if (!stillThere) {
      String id = wanted != null ? wanted : chosen != null ? chosen.id() : null;
      model.set(
          choices.stream()
              .filter(c -> c.id().equals(id))
              .findFirst()
              .orElse(choices.isEmpty() ? null : choices.getFirst()));
    }
  }

  /** The models could not be listed: the picker says why. */
  void modelsUnavailable(String why) {
    modelsText.set(why);
  }

  void showHistory(List<String> prompts) {
    history.setAll(prompts);
  }

  /** The settings of an earlier generation. */
  void restore(Generation g) {
    prompt.set(g.prompt());
    negativePrompt.set(g.negativePrompt());
    try {
      sampler.set(SamplerKind.fromId(g.sampler()));
    } catch (IllegalArgumentException e) {
      // A sampler this version no longer knows: keep the model's.
    }
    steps.set(g.steps());
    guidance.set(g.guidance());
    width.set(g.width());
    height.set(g.height());
    seed.set(g.seed());
    variantCount.set(g.variantCount());
  }

  /** Whether the prompt says anything yet. */
  boolean hasPrompt() {
    return prompt.get() != null && !prompt.get().isBlank();
  }

  /**
   * The request the form describes, from the start picture when one is chosen, with the LoRAs (for
   * a model that takes them) and the hires pass when it is on, drawing a new seed first unless the
   * seed is locked.
   *
   * @throws IllegalArgumentException for a setting out of range, in plain words
   */
  GenerationRequest request() {
    if (!seedLocked.get()) {
      seed.set(randomSeeds.getAsLong());
    }
    int total = valueOr(steps.get(), 1);
    GenerationRequest base =
        new GenerationRequest(
            prompt.get().strip(),
            negativePrompt.get() == null ? "" : negativePrompt.get().strip(),
            seed.get() == null ? 0 : seed.get(),
            sampler.get() == null ? SamplerKind.DPMPP_2M_KARRAS : sampler.get(),
            total,
            guidance.get() == null ? 1.0 : guidance.get(),
            valueOr(width.get(), 0),
            valueOr(height.get(), 0),
            valueOr(variantCount.get(), 1),
            Math.max(1, (int) Math.ceil(total / (double) PREVIEWS_PER_RUN)));
    return hires.applyTo(loras.applyTo(start.applyTo(base)));
  }

  private static int valueOr(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  /** Puts a prompt first in the history. */
  void remember(String text) {
    history.remove(text);
    history.addFirst(text);
    if (history.size() > HISTORY_SIZE) {
      history.remove(HISTORY_SIZE, history.size());
    }
  }

  /**
   * Moves through the prompt history: {@code -1} older, {@code +1} newer. Returns the prompt shown,
   * or empty when there is no further one.
   */
  public Optional<String> historyStep(int direction) {
    if (history.isEmpty()) {
      return Optional.empty();
    }
    int at = history.indexOf(prompt.get());
    int next = at < 0 ? (direction < 0 ? 0 : -1) : at - direction;
    if (next < 0 || next >= history.size()) {
      return Optional.empty();
    }
    prompt.set(history.get(next));
    return Optional.of(history.get(next));
  }

  /** Picks a new random seed now (and unlocks nothing). */
  public void randomizeSeed() {
    seed.set(randomSeeds.getAsLong());
  }

  static String describeModels(int count) {
    return switch (count) {
      case 0 -> "No models installed yet";
      case 1 -> "1 model installed";
      default -> count + " models installed";
    };
  }

  // ---- properties -----------------------------------------------------------------------

  /** The picture a run starts from, and its strength. */
  public StartPictureModel startPicture() {
    return start;
  }

  /** The LoRAs merged into the model for a run, with their weights. */
  public LoraListModel loras() {
    return loras;
  }

  /** Settings from an image or a catalog picture, put into this form. */
  public SettingsRestore settingsRestore() {
    return settingsRestore;
  }

  /** The hires fix: a refined larger pass in the same run. */
  public HiresModel hires() {
    return hires;
  }

  public StringProperty promptProperty() {
    return prompt;
  }

  public StringProperty negativePromptProperty() {
    return negativePrompt;
  }

  /** Earlier prompts, newest first. */
  public ObservableList<String> history() {
    return historyView;
  }

  public ObservableList<ModelChoice> models() {
    return modelsView;
  }

  public ObjectProperty<ModelChoice> modelProperty() {
    return model;
  }

  public ObjectProperty<SamplerKind> samplerProperty() {
    return sampler;
  }

  public ObjectProperty<Integer> stepsProperty() {
    return steps;
  }

  public ObjectProperty<Double> guidanceProperty() {
    return guidance;
  }

  public ObjectProperty<Integer> widthProperty() {
    return width;
  }

  public ObjectProperty<Integer> heightProperty() {
    return height;
  }

  public ObjectProperty<Long> seedProperty() {
    return seed;
  }

  /** When locked, runs keep the seed; otherwise each run draws a new one. */
  public BooleanProperty seedLockedProperty() {
    return seedLocked;
  }

  public ObjectProperty<Integer> variantCountProperty() {
    return variantCount;
  }

  /** How many models are installed, in words. */
  public ReadOnlyStringProperty modelsProperty() {
    return modelsText.getReadOnlyProperty();
  }

  /**
   * Advice shown next to the prompt: the chosen model finds no style in it and picks one at random,
   * with the words it understands; empty when there is nothing to say.
   */
  public StringBinding adviceProperty() {
    return advice;
  }
}
