package dev.atelier.gui.generate;

import dev.atelier.diffusion.sd.lora.LoraException;
import dev.atelier.diffusion.sd.lora.LoraFile;
import dev.atelier.diffusion.sd.lora.LoraReport;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The LoRAs on the Generate form: each file with its weight, several at once, merged into a Stable
 * Diffusion checkpoint's weights for a run. They stay listed between runs until removed.
 *
 * <p>A LoRA file is untrusted input: it is read on a background lane by the core ({@link
 * LoraFile#read}), which refuses what is no usable kohya-format LoRA with a message naming the
 * file; that message becomes the form's problem and the list stays as it was. After a run, {@link
 * #noticeProperty()} says which files had keys the model could not apply. Models that take no LoRAs
 * (the built-in one) keep the list but do not use it ({@link #unavailableText()}). Used on the
 * JavaFX thread.
 */
public final class LoraListModel {

  /** The slider's range and where a new LoRA starts. */
  public static final double MIN_WEIGHT = -2;

  public static final double MAX_WEIGHT = 2;
  public static final double DEFAULT_WEIGHT = 1;

  /** A LoRA as listed: its file, what the read found, and its weight. */
  public static final class Entry {
    private final Path file;
    private final String sha256;
    private final int modules;
    private final DoubleProperty weight = new SimpleDoubleProperty(this, "weight", DEFAULT_WEIGHT);
    private final StringBinding weightText =
        Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%.2f", weight()), weight);

    Entry(Path file, String sha256, int modules) {
      this.file = Objects.requireNonNull(file);
      this.sha256 = Objects.requireNonNull(sha256);
      this.modules = modules;
    }

    public Path file() {
      return file;
    }

    /** The file's name, "ink-style.safetensors". */
    public String name() {
      return file.getFileName().toString();
    }

    /** The SHA-256 of the file as read. */
    public String sha256() {
      return sha256;
    }

    /** How many modules the file holds. */
    public int modules() {
      return modules;
    }

    /** The weight a run uses: the slider's value to two decimals, within the offered range. */
    public double weight() {
      double w = Math.round(weight.get() * 100) / 100.0;
      return Math.clamp(w, MIN_WEIGHT, MAX_WEIGHT);
    }

    /** {@link #MIN_WEIGHT} to {@link #MAX_WEIGHT}; 1 as trained, 0 not at all. */
    public DoubleProperty weightProperty() {
      return weight;
    }

    /** The weight as shown, "1.00". */
    public StringBinding weightText() {
      return weightText;
    }
  }

  private final Lane lane;
  private final Consumer<String> problems;
  private final Path folder;
  private final ObservableList<Entry> entries = FXCollections.observableArrayList();
  private final ObservableList<Entry> entriesView =
      FXCollections.unmodifiableObservableList(entries);
  private final ReadOnlyIntegerWrapper reading = new ReadOnlyIntegerWrapper(this, "reading");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
  private final BooleanBinding available;
  private final StringBinding unavailableText;

  /**
   * @param lane reads the files
   * @param problems shows why a file cannot be used (empty: nothing is wrong)
   * @param model the chosen model: only Stable Diffusion checkpoints take LoRAs
   * @param folder the LoRA folder, where "Add LoRA…" opens first; null for none
   */
  LoraListModel(
      Lane lane, Consumer<String> problems, ObservableValue<ModelChoice> model, Path folder) {
    this.lane = Objects.requireNonNull(lane);
    this.problems = Objects.requireNonNull(problems);
    this.folder = folder;
    available =
        Bindings.createBooleanBinding(
            () -> model.getValue() != null && model.getValue().takesLoras(), model);
    unavailableText =
        Bindings.createStringBinding(
            () ->
                model.getValue() == null || model.getValue().takesLoras()
                    ? ""
                    : model.getValue().kindText()
                        + " models take no LoRAs: they apply to Stable Diffusion checkpoints.",
            model);
  }

  /**
   * Reads {@code file} in the background and, when it is a usable LoRA, lists it at weight 1; when
   * it is not, the form's problem says why.
   */
  public void add(Path file) {
    Objects.requireNonNull(file);
    Path absolute = file.toAbsolutePath().normalize();
    if (entries.stream().anyMatch(e -> e.file().equals(absolute))) {
      problems.accept(absolute.getFileName() + " is already in the LoRAs.");
      return;
    }
    reading.set(reading.get() + 1);
    lane.run(
        () -> read(absolute),
        read -> {
          reading.set(reading.get() - 1);
          if (entries.stream().noneMatch(e -> e.file().equals(absolute))) {
            entries.add(read);
          }
          problems.accept("");
        },
        error -> {
          reading.set(reading.get() - 1);
          problems.accept(
              error instanceof LoraException || error instanceof IllegalArgumentException
                  ? error.getMessage()
                  : "Could not read the LoRA " + absolute + ": " + Notices.message(error));
        });
  }

  /**
   * Makes {@code chosen} the list, in order, at their weights (kept within the slider's range),
   * once all are read in the background; when one cannot be used, the form's problem says why and
   * the others are listed.
   */
  public void restore(List<GenerationRequest.LoraChoice> chosen) {
    List<GenerationRequest.LoraChoice> wanted = List.copyOf(chosen);
    reading.set(reading.get() + 1);
    lane.run(
        () -> {
          List<Entry> read = new ArrayList<>();
          List<String> refused = new ArrayList<>();
          for (GenerationRequest.LoraChoice c : wanted) {
            try {
              Entry e = read(c.file().toAbsolutePath().normalize());
              e.weight.set(Math.clamp(c.weight(), MIN_WEIGHT, MAX_WEIGHT));
              read.add(e);
            } catch (RuntimeException e) {
              refused.add(e.getMessage());
            }
          }
          return new Restored(read, refused);
        },
        restored -> {
          reading.set(reading.get() - 1);
          entries.setAll(restored.entries());
          problems.accept(String.join("\n", restored.refused()));
        },
        error -> {
          reading.set(reading.get() - 1);
          problems.accept("Could not read the LoRAs: " + Notices.message(error));
        });
  }

  private record Restored(List<Entry> entries, List<String> refused) {}

  /** On the background lane: the file checked as a LoRA, then let go (a run reads it again). */
  private static Entry read(Path file) {
    try (LoraFile lora = LoraFile.read(file)) {
      return new Entry(file, lora.sha256(), lora.modules().size());
    }
  }

  /** Takes a LoRA off the list: the next run is without it. */
  public void remove(Entry entry) {
    entries.remove(entry);
  }

  /**
   * {@code request} with the listed LoRAs at their weights, when the model takes LoRAs; unchanged
   * otherwise.
   *
   * @throws IllegalArgumentException while a LoRA is being read
   */
  GenerationRequest applyTo(GenerationRequest request) {
    if (reading.get() > 0) {
      throw new IllegalArgumentException("A LoRA is still being read; generate again in a moment.");
    }
    if (!available.get()) {
      return request;
    }
    List<GenerationRequest.LoraChoice> chosen = new ArrayList<>();
    for (Entry e : entries) {
      chosen.add(new GenerationRequest.LoraChoice(e.file(), e.weight()));
    }
    return request.withLoras(chosen);
  }

  /** After a run: the notice names each file whose keys were not all applied, and how many. */
  void ran(LoraReport report) {
    notice.set(noticeText(report));
  }

  static String noticeText(LoraReport report) {
    List<String> lines = new ArrayList<>();
    for (LoraReport.Applied a : report.loras()) {
      int n = a.unmatched().size();
      if (n > 0) {
        lines.add(
            n
                + (n == 1 ? " key" : " keys")
                + " of "
                + a.file().getFileName()
                + (n == 1 ? " was" : " were")
                + " not applied ("
                + a.mergedModules()
                + " merged): "
                + a.unmatched().getFirst().reason());
      }
    }
    return String.join("\n", lines);
  }

  // ---- properties -----------------------------------------------------------------------

  /** The LoRA folder, where LoRAs named by an image are looked for; null when none. */
  public Path folder() {
    return folder;
  }

  /** The LoRAs listed, in the order they are merged. */
  public ObservableList<Entry> entries() {
    return entriesView;
  }

  /** How many files are being read. */
  public ReadOnlyIntegerProperty readingProperty() {
    return reading.getReadOnlyProperty();
  }

  /** Whether the chosen model takes LoRAs. */
  public BooleanBinding availableProperty() {
    return available;
  }

  /** Why the chosen model uses no LoRAs, in one line; empty when it does. */
  public StringBinding unavailableText() {
    return unavailableText;
  }

  /** What the last run left out of the LoRAs; empty when it applied them all. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }
}
