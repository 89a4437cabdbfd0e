package dev.atelier.batch;

import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.InpaintMasks;
import dev.atelier.generate.StartImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One item of a batch, every value resolved: its settings, and the files it reads, each named with
 * the SHA-256 its bytes had when the batch file was checked. The files are read again (and the
 * pictures decoded) only when the item runs, so a long batch holds one start picture at a time; a
 * file whose bytes are no longer those is refused then rather than silently used ({@link
 * #request}). This is what a batch run records of each item, so a run resumed later makes the same
 * pictures or says why it cannot.
 *
 * @param line the line of the batch file it comes from (0 when not known)
 * @param settings the request without its files: prompts, seed, sampler, steps, guidance, size,
 *     variants and hires pass
 * @param start the start picture, or null to start from noise
 * @param mask the inpainting mask, or null for none
 * @param loras the LoRAs merged for it, in order (none: empty)
 */
public record BatchItem(
    int line, GenerationRequest settings, StartFile start, MaskFile mask, List<LoraFile> loras) {

  /** A start picture's file, its SHA-256 and strength. */
  public record StartFile(Path file, String sha256, double strength) {
    public StartFile {
      file = absolute(file);
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * An inpainting mask's file and its SHA-256 (of the file's bytes, before any inversion), the
   * seam's blur in pixels, and whether it is inverted.
   */
  public record MaskFile(Path file, String sha256, int blur, boolean inverted) {
    public MaskFile {
      file = absolute(file);
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** A LoRA's file, the SHA-256 of its bytes and its weight. */
  public record LoraFile(Path file, String sha256, double weight) {
    public LoraFile {
      file = absolute(file);
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** A file that is gone or is no longer what the item was checked with. */
  public static final class ChangedInputException extends IllegalArgumentException {
    public ChangedInputException(String message) {
      super(message);
    }
  }

  /** How the SHA-256 of a file is worked out (kept between items by the caller). */
  @FunctionalInterface
  interface FileHasher {
    /**
     * @return the SHA-256 of the file's bytes
     * @throws ChangedInputException when the file is gone or cannot be read, its message beginning
     *     with the file's name
     */
    String sha256(Path file);
  }

  public BatchItem {
    Objects.requireNonNull(settings, "settings");
    loras = List.copyOf(loras);
    if (settings.start() != null || settings.mask() != null || !settings.loras().isEmpty()) {
      throw new IllegalArgumentException("A batch item's files are kept apart from its settings");
    }
  }

  /** What it asks for. */
  public String prompt() {
    return settings.prompt();
  }

  /**
   * The request to run: the files read again and checked against their SHA-256, the start picture
   * and mask decoded within their readers' limits.
   *
   * @throws ChangedInputException when a file is gone or its bytes are not the ones checked
   */
  GenerationRequest request(FileHasher hasher) {
    GenerationRequest.StartImage picture = null;
    if (start != null) {
      picture = read(() -> StartImages.read(start.file(), start.strength()));
      same("start picture", start.file(), start.sha256(), picture.sha256());
    }
    GenerationRequest.InpaintMask inpaint = null;
    if (mask != null) {
      inpaint = read(() -> InpaintMasks.read(mask.file(), mask.blur()));
      same("mask", mask.file(), mask.sha256(), inpaint.sha256());
      if (mask.inverted()) {
        inpaint = inpaint.inverted();
      }
    }
    List<GenerationRequest.LoraChoice> choices = new ArrayList<>();
    for (LoraFile lora : loras) {
      same("LoRA", lora.file(), lora.sha256(), sha256("LoRA", lora.file(), hasher));
      choices.add(new GenerationRequest.LoraChoice(lora.file(), lora.weight()));
    }
    return settings.withStart(picture).withLoras(choices).withMask(inpaint);
  }

  /**
   * What is wrong with its files now, without decoding them: one line per file that is gone or
   * changed; empty when all are as checked.
   */
  List<String> changedInputs(FileHasher hasher) {
    List<String> out = new ArrayList<>();
    if (start != null) {
      check(out, "start picture", start.file(), start.sha256(), hasher);
    }
    if (mask != null) {
      check(out, "mask", mask.file(), mask.sha256(), hasher);
    }
    for (LoraFile lora : loras) {
      check(out, "LoRA", lora.file(), lora.sha256(), hasher);
    }
    return out;
  }

  private static void check(
      List<String> problems, String what, Path file, String expected, FileHasher hasher) {
    try {
      same(what, file, expected, sha256(what, file, hasher));
    } catch (ChangedInputException e) {
      problems.add(e.getMessage());
    }
  }

  /** The file's SHA-256; when it is gone or unreadable, says so naming what it is. */
  private static String sha256(String what, Path file, FileHasher hasher) {
    try {
      return hasher.sha256(file);
    } catch (ChangedInputException e) {
      throw new ChangedInputException("the " + what + " " + e.getMessage());
    }
  }

  private static void same(String what, Path file, String expected, String found) {
    if (!expected.equals(found)) {
      throw new ChangedInputException(
          "the "
              + what
              + " "
              + file
              + " has changed since the batch was checked (its SHA-256 was "
              + expected.substring(0, 12)
              + "…, is now "
              + found.substring(0, 12)
              + "…)");
    }
  }

  private static <T> T read(Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      throw new ChangedInputException(e.getMessage());
    }
  }

  private static Path absolute(Path file) {
    return Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
  }
}
