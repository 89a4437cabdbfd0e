package dev.atelier.cli;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sd.SdCheckpointModel;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.LoraLibrary;
import dev.atelier.imagesettings.ImageSettings;
import dev.atelier.imagesettings.ImageSettingsReader;
import dev.atelier.imagesettings.LoraMatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code generate --settings-from IMAGE}: the settings read from the image, the installed model
 * they name, and what the command line should say about what could not be used.
 */
final class SettingsFrom {

  private SettingsFrom() {}

  /**
   * The settings in {@code image}.
   *
   * @throws IllegalArgumentException (an {@link dev.atelier.imagesettings.ImageSettingsException})
   *     when the file is no readable PNG or carries no settings
   */
  static ImageSettings read(Path image) {
    try {
      return ImageSettingsReader.read(image);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No such image: " + image, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + image, e);
    }
  }

  /**
   * The installed model the settings name.
   *
   * @throws IllegalArgumentException naming the image's model when it is not installed
   */
  static ModelLibrary.Installed model(ImageSettings settings, ModelLibrary library, Path image) {
    if (settings.modelName() == null && settings.modelHash() == null) {
      return library.chosenOrFirst(null);
    }
    return settings
        .model(library.list())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    image.getFileName()
                        + " was made with "
                        + settings.modelDescription()
                        + ", which is not installed; add it with `atelier models import`, or choose"
                        + " an installed model with --model"));
  }

  /** Notes on what the image's settings could not give, one line each. */
  static void notes(ImageSettings settings, PrintWriter err) {
    for (String note : settings.notes()) {
      err.println("Note: " + note + "; the default is used.");
    }
    if (!settings.madeByAtelier()) {
      err.println(
          "Note: another tool made this image; the same seed gives a different picture here.");
    }
  }

  /**
   * The image's LoRAs, found among the LoRA files this computer has ({@link LoraMatch}): each one
   * found is said on {@code err}.
   *
   * @throws IllegalArgumentException naming every LoRA not found, and what to do: a picture made
   *     without one of its LoRAs would not be the picture asked for
   */
  static List<GenerationRequest.LoraChoice> loras(
      ImageSettings settings,
      ModelLibrary.Installed model,
      LoraLibrary library,
      Path image,
      PrintWriter err) {
    if (settings.loras().isEmpty()) {
      return List.of();
    }
    if (!SdCheckpointModel.KIND.equals(model.manifest().kind())) {
      err.println(
          "Note: the image names LoRAs that "
              + model.id()
              + " does not take (they apply to Stable Diffusion checkpoints), so none is used: "
              + settings.loras().stream()
                  .map(l -> l.description() + (l.weight() == null ? "" : " at " + l.weight()))
                  .collect(Collectors.joining(", ")));
      return List.of();
    }
    LoraMatch.Result match = LoraMatch.find(settings.loras(), library);
    if (!match.complete()) {
      throw new IllegalArgumentException(
          String.join("\n", match.missing())
              + "\n"
              + image.getFileName()
              + " was made with "
              + (settings.loras().size() == 1 ? "this LoRA" : "these LoRAs")
              + "; to make it without "
              + (match.missing().size() == 1 ? "it" : "them")
              + ", name the LoRAs to use with --lora (none of the image's are used then).");
    }
    for (String note : match.notes()) {
      err.println("Note: " + note + ".");
    }
    List<GenerationRequest.LoraChoice> out = new ArrayList<>();
    for (LoraMatch.Restored r : match.found()) {
      err.printf(Locale.ROOT, "LoRA from the image: %s at weight %s%n", r.file(), r.weight());
      out.add(new GenerationRequest.LoraChoice(r.file(), r.weight()));
    }
    return out;
  }

  /**
   * The image's hires pass, its strength replaced by {@code strength} when given; null when the
   * image has none.
   */
  static GenerationRequest.Hires hires(ImageSettings settings, Double strength) {
    ImageSettings.Hires h = settings.hires();
    return h == null
        ? null
        : new GenerationRequest.Hires(h.scale(), strength != null ? strength : h.strength());
  }

  /** A note when the image started from a picture that is not given with {@code --init-image}. */
  static void startNote(ImageSettings settings, PrintWriter err) {
    if (settings.startStrength() != null) {
      err.printf(
          Locale.ROOT,
          "Note: the image was made from a start picture at strength %s; the PNG does not hold the"
              + " picture, so this run starts from noise. Give it with --init-image to start from"
              + " it (at that strength unless --strength says otherwise).%n",
          settings.startStrength());
    }
  }
}
