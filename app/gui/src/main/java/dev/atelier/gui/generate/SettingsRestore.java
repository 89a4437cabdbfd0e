package dev.atelier.gui.generate;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.imagesettings.ImageSettings;
import dev.atelier.imagesettings.ImageSettingsException;
import dev.atelier.imagesettings.ImageSettingsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * "Settings from an image" on the Generate screen: a PNG dropped on the screen (or chosen with
 * "Settings from image…") fills the form with the settings it was made with: the model first, when
 * it is installed (choosing a model applies its defaults), then prompt, negative prompt, sampler,
 * steps, guidance, size, and the seed, locked so that the next run uses it. {@link
 * #noticeProperty()} says what was restored and what could not be.
 */
public final class SettingsRestore {

  private final GenerateFormModel form;
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

  SettingsRestore(GenerateFormModel form) {
    this.form = form;
  }

  /** What the last restore did, in words; empty before any. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** Whether a file looks like one to restore from (what a drop accepts). */
  public static boolean accepts(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png");
  }

  /** Reads {@code file} and fills the form; a file without usable settings changes nothing. */
  public void restoreFrom(Path file) {
    try {
      apply(ImageSettingsReader.read(file), file.getFileName().toString());
    } catch (ImageSettingsException e) {
      notice.set("Nothing restored from " + file.getFileName() + ": " + e.getMessage());
    } catch (IOException e) {
      notice.set("Nothing restored: " + file + " cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Fills the form from {@code s}; {@code name} names the image in the notice. */
  void apply(ImageSettings s, String name) {
    List<String> missed = new ArrayList<>(s.notes());
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
    if (!s.loras().isEmpty()) {
      missed.add(
          "LoRAs are not applied ("
              + s.loras().stream().map(ImageSettings.Lora::name).collect(Collectors.joining(", "))
              + ")");
    }
    StringBuilder text = new StringBuilder("Settings restored from " + name + ".");
    if (!s.madeByAtelier()) {
      text.append(" Another tool made it: the same seed gives a different picture here.");
    }
    if (!missed.isEmpty()) {
      text.append(" Not restored: ").append(String.join("; ", missed)).append('.');
    }
    notice.set(text.toString());
  }
}
