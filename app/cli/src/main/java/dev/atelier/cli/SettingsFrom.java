package dev.atelier.cli;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.imagesettings.ImageSettings;
import dev.atelier.imagesettings.ImageSettingsReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    if (!settings.loras().isEmpty()) {
      err.println(
          "Note: the image names LoRAs that are not applied: "
              + settings.loras().stream()
                  .map(l -> l.name() + (l.weight() == null ? "" : " (" + l.weight() + ")"))
                  .collect(Collectors.joining(", ")));
    }
    if (!settings.madeByAtelier()) {
      err.println(
          "Note: another tool made this image; the same seed gives a different picture here.");
    }
  }
}
