package dev.atelier.gui.generate;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.LoraLibrary;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.Notices;
import dev.atelier.imagesettings.ImageSettings;
import dev.atelier.imagesettings.ImageSettingsException;
import dev.atelier.imagesettings.ImageSettingsReader;
import dev.atelier.imagesettings.LoraMatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * "Settings from an image" on the Generate screen: a PNG dropped on the screen (or chosen with
 * "Settings from image…"), or a catalog picture's "Use these settings", fills the form with the
 * settings it was made with: the model first, when it is installed (choosing a model applies its
 * defaults), then prompt, negative prompt, sampler, steps, guidance, size, and the seed, locked so
 * that the next run uses it; the LoRAs found among the user's files ({@link LoraMatch}) at their
 * weights, the hires pass, and the start picture's strength (the picture itself is in no PNG).
 * {@link #noticeProperty()} says what was restored and what could not be, each LoRA not found by
 * name and hash.
 *
 * <p>The file is read and the LoRA files looked for (which may hash files) on a background lane;
 * the form is filled on the JavaFX thread.
 */
public final class SettingsRestore {

  private final GenerateFormModel form;
  private final Lane lane;
  private final LoraLibrary loras;
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

  /** What was read off the screen thread: the settings and the LoRA files found for them. */
  private record Found(ImageSettings settings, LoraMatch.Result loras) {}

  SettingsRestore(GenerateFormModel form, Lane lane, LoraLibrary loras) {
    this.form = Objects.requireNonNull(form);
    this.lane = Objects.requireNonNull(lane);
    this.loras = Objects.requireNonNull(loras);
  }

  /** What the last restore did, in words; empty before any. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** Whether a file looks like one to restore from (what a drop accepts). */
  public static boolean accepts(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
  }

  /** Reads {@code file} and fills the form; a file without usable settings changes nothing. */
  public void restoreFrom(Path file) {
    String name = file.getFileName().toString();
    notice.set("Reading the settings of " + name + "…");
    lane.run(
        () -> find(ImageSettingsReader.read(file)),
        found -> apply(found, name),
        error ->
            notice.set(
                switch (error) {
                  case ImageSettingsException e ->
                      "Nothing restored from " + name + ": " + e.getMessage();
                  case IOException e ->
                      "Nothing restored: " + file + " cannot be read (" + e.getMessage() + ")";
                  default -> "Nothing restored from " + name + ": " + Notices.message(error);
                }));
  }

  /**
   * Fills the form from settings read elsewhere (a catalog picture's rows); {@code name} names the
   * picture in the notice.
   */
  public void restore(ImageSettings settings, String name) {
    notice.set("Restoring the settings of " + name + "…");
    lane.run(
        () -> find(settings),
        found -> apply(found, name),
        error -> notice.set("Nothing restored from " + name + ": " + Notices.message(error)));
  }

  /** Off the screen thread: the LoRA files the settings name. */
  private Found find(ImageSettings s) {
    return new Found(
        s,
        s.loras().isEmpty()
            ? new LoraMatch.Result(List.of(), List.of(), List.of())
            : LoraMatch.find(s.loras(), loras));
  }

  /** Fills the form from what was found; {@code name} names the image in the notice. */
  private void apply(Found found, String name) {
    ImageSettings s = found.settings();
    List<String> missed = new ArrayList<>(s.notes());
    List<String> restored = new ArrayList<>();
    chooseModel(s, missed);
    form.promptProperty().set(s.prompt());
    form.negativePromptProperty().set(s.negativePrompt());
    if (s.sampler() != null) {
      form.samplerProperty().set(s.sampler());
    }
    if (s.steps() != null) {
      form.stepsProperty().set(s.steps());
    }
    if (s.guidance() != null) {
      form.guidanceProperty().set(s.guidance());
    }
    if (s.width() != null && s.height() != null) {
      form.widthProperty().set(s.width());
      form.heightProperty().set(s.height());
    }
    if (s.seed() != null) {
      form.seedProperty().set(s.seed());
      form.seedLockedProperty().set(true);
    }
    restoreLoras(s, found.loras(), restored, missed);
    restoreHires(s, restored);
    String start = restoreStart(s);
    StringBuilder text = new StringBuilder("Settings restored from " + name + ".");
    if (!restored.isEmpty()) {
      text.append(' ').append(String.join(" ", restored));
    }
    if (!start.isEmpty()) {
      text.append(' ').append(start);
    }
    if (!s.madeByAtelier()) {
      text.append(" Another tool made it: the same seed gives a different picture here.");
    }
    found.loras().missing().forEach(m -> text.append(' ').append(m));
    if (!missed.isEmpty()) {
      text.append(" Not restored: ").append(String.join("; ", missed)).append('.');
    }
    notice.set(text.toString());
  }

  private void chooseModel(ImageSettings s, List<String> missed) {
    List<ModelLibrary.Installed> installed =
        form.models().stream().map(ModelChoice::installed).toList();
    Optional<ModelLibrary.Installed> model =
        s.modelName() == null && s.modelHash() == null ? Optional.empty() : s.model(installed);
    if (model.isPresent()) {
      form.models().stream()
          .filter(c -> c.installed().equals(model.get()))
          .findFirst()
          .ifPresent(form.modelProperty()::set);
    } else if (s.modelName() != null || s.modelHash() != null) {
      missed.add("model " + s.modelDescription() + " is not installed");
    }
  }

  /**
   * The LoRAs found become the list (none: an empty list), at their weights within the slider's
   * range; for a model that takes none, they are named as not restored.
   */
  private void restoreLoras(
      ImageSettings s, LoraMatch.Result match, List<String> restored, List<String> missed) {
    missed.addAll(match.notes());
    if (!s.loras().isEmpty() && !form.loras().availableProperty().get()) {
      missed.add(
          "LoRAs ("
              + s.loras().stream()
                  .map(ImageSettings.Lora::description)
                  .collect(Collectors.joining(", "))
              + "): "
              + form.loras().unavailableText().get());
      return;
    }
    List<GenerationRequest.LoraChoice> chosen = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (LoraMatch.Restored r : match.found()) {
      double w = Math.clamp(r.weight(), LoraListModel.MIN_WEIGHT, LoraListModel.MAX_WEIGHT);
      if (w != r.weight()) {
        missed.add(
            "LoRA "
                + r.wanted().description()
                + " weight "
                + r.weight()
                + " (the slider takes -2 to 2; "
                + w
                + " is set)");
      }
      chosen.add(new GenerationRequest.LoraChoice(r.file(), w));
      names.add(String.format(Locale.ROOT, "%s at %.2f", r.file().getFileName(), w));
    }
    form.loras().restore(chosen);
    if (!names.isEmpty()) {
      restored.add("LoRAs: " + String.join(", ", names) + ".");
    }
  }

  /** The hires pass, on with the image's scale and strength, or off when it had none. */
  private void restoreHires(ImageSettings s, List<String> restored) {
    HiresModel hires = form.hires();
    hires.enabledProperty().set(s.hires() != null);
    if (s.hires() != null) {
      hires.scaleProperty().set(s.hires().scale());
      hires.strengthProperty().set(s.hires().strength());
      double scale = s.hires().scale();
      restored.add(
          String.format(
              Locale.ROOT,
              "Hires fix: ×%s at strength %.2f.",
              scale == Math.rint(scale) ? Integer.toString((int) scale) : Double.toString(scale),
              hires.strength()));
    }
  }

  /**
   * The start picture's strength; the picture is not in the image, so the words say to choose it.
   * Empty when the image started from noise.
   */
  private String restoreStart(ImageSettings s) {
    if (s.startStrength() == null) {
      return "";
    }
    StartPictureModel start = form.startPicture();
    start.strengthProperty().set(s.startStrength());
    return String.format(
        Locale.ROOT,
        "It was made from a start picture at strength %.2f: the strength is set, but the picture"
            + " itself is not in %s; choose it under Start picture%s.",
        start.strength(),
        s.source() == ImageSettings.Source.CATALOG ? "the catalog's settings" : "the PNG",
        start.pictureProperty().get() == null ? "" : " (the one chosen now is kept)");
  }
}
