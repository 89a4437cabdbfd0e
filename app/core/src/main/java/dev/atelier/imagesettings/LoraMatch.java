package dev.atelier.imagesettings;

import dev.atelier.generate.LoraLibrary;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The LoRA files that the LoRAs named by an image stand for, among those this computer has ({@link
 * LoraLibrary}). A LoRA with a hash is found by it: a file of the image's name is used only when
 * its hash is the one given, otherwise the file with that hash, whatever its name. A LoRA without a
 * hash is found by its name alone. One LoRA that is missing does not keep the others from being
 * found; each missing one is said in words, with what to do.
 */
public final class LoraMatch {

  /** The weight range a generation takes ({@code GenerationRequest.LoraChoice}). */
  static final double MAX_WEIGHT = 4;

  /**
   * A LoRA of the image, found.
   *
   * @param wanted as the image names it
   * @param file the file found
   * @param sha256 the file's SHA-256
   * @param weight the weight to use: the image's, 1 when it gives none
   */
  public record Restored(ImageSettings.Lora wanted, Path file, String sha256, double weight) {}

  /**
   * What was found.
   *
   * @param found the LoRAs found, in the image's order
   * @param missing one sentence per LoRA not found: "LoRA 'ink' (hash 3f2a9c1b0d4e) not found; add
   *     it to the LoRA folder (…)"
   * @param notes what was changed to use the ones found (a weight out of range)
   */
  public record Result(List<Restored> found, List<String> missing, List<String> notes) {
    public Result {
      found = List.copyOf(found);
      missing = List.copyOf(missing);
      notes = List.copyOf(notes);
    }

    /** Whether every LoRA was found. */
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  private LoraMatch() {}

  /**
   * Looks for {@code wanted} in {@code library}. Blocking: it may hash files.
   *
   * @param wanted the LoRAs an image names ({@link ImageSettings#loras()})
   */
  public static Result find(List<ImageSettings.Lora> wanted, LoraLibrary library) {
    Objects.requireNonNull(library);
    List<Restored> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (ImageSettings.Lora lora : wanted) {
      String hash = LoraLibrary.isHash(lora.hash()) ? lora.hash() : null;
      LoraLibrary.Found other = null;
      Optional<LoraLibrary.Found> file = Optional.empty();
      try {
        if (lora.name() != null && !lora.name().isBlank()) {
          for (LoraLibrary.Found named : library.named(lora.name())) {
            if (hash == null || named.matches(hash)) {
              file = Optional.of(named);
              break;
            }
            other = named;
          }
        }
        if (file.isEmpty() && hash != null) {
          file = library.withHash(hash);
        }
      } catch (UncheckedIOException e) {
        missing.add(
            "LoRA " + lora.description() + " could not be looked for: " + e.getMessage() + ".");
        continue;
      }
      if (file.isPresent()) {
        found.add(new Restored(lora, file.get().file(), file.get().sha256(), weight(lora, notes)));
      } else {
        missing.add(missing(lora, hash, other, library));
      }
    }
    return new Result(found, missing, notes);
  }

  private static double weight(ImageSettings.Lora lora, List<String> notes) {
    if (lora.weight() == null) {
      notes.add("LoRA " + lora.description() + " has no weight in the image; 1 is used");
      return 1;
    }
    double w = lora.weight();
    if (Math.abs(w) > MAX_WEIGHT) {
      double clamped = Math.clamp(w, -MAX_WEIGHT, MAX_WEIGHT);
      notes.add(
          "LoRA "
              + lora.description()
              + " has weight "
              + w
              + ", beyond -4 to 4; "
              + clamped
              + " is used");
      return clamped;
    }
    return w;
  }

  private static String missing(
      ImageSettings.Lora lora, String hash, LoraLibrary.Found other, LoraLibrary library) {
    StringBuilder text = new StringBuilder("LoRA " + lora.description() + " not found");
    if (other != null) {
      text.append(": ")
          .append(other.file())
          .append(" has its name but is another file (hash ")
          .append(other.sha256(), 0, ImageSettings.Lora.SHORT_HASH)
          .append(')');
    } else if (hash == null && lora.hash() != null) {
      text.append(" (its hash is not one to look up)");
    }
    text.append("; add it");
    library.folder().ifPresent(f -> text.append(" to the LoRA folder (").append(f).append(')'));
    return text.append('.').toString();
  }
}
