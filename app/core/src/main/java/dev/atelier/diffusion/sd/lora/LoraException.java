package dev.atelier.diffusion.sd.lora;

import dev.atelier.diffusion.ModelIntegrityException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A LoRA file Atelier refuses: unreadable, not a kohya-format LoRA, made for another model family,
 * or with tensors that do not fit together or do not fit the loaded model. The reason and fields
 * are for the front ends; the message is plain words that name the file (and the key where there is
 * one).
 */
public final class LoraException extends ModelIntegrityException {

  private static final long serialVersionUID = 1L;

  /** Why the LoRA was refused. */
  public enum Reason {
    /** The file could not be read, or is not a valid {@code .safetensors} file. */
    UNREADABLE,
    /** No key of the file is a usable kohya-format LoRA tensor (or none fits the model). */
    NO_USABLE_KEYS,
    /** A LoRA made for SDXL or SD 2.x, which do not fit a Stable Diffusion 1.x model. */
    OTHER_FAMILY,
    /** A module has a down projection without its up projection, or the other way round. */
    INCOMPLETE_MODULE,
    /** A tensor's shape is not a LoRA projection's, or down and up disagree on the rank. */
    BAD_SHAPE,
    /** The module's projections do not fit the shape of the model's weight they change. */
    SHAPE_MISMATCH,
    /** An alpha is not one finite number. */
    BAD_ALPHA,
    /** A tensor holds NaN or infinite values. */
    NOT_FINITE,
    /** The file's tensors are larger than a LoRA can reasonably be. */
    TOO_LARGE,
    /** A weight (strength) that is not a finite number. */
    BAD_WEIGHT
  }

  private final Reason reason;
  private final transient Path file;
  private final String key;

  private LoraException(Reason reason, Path file, String key, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.file = file;
    this.key = key;
  }

  /** An exception whose message is "Cannot use LoRA NAME (key K): " and {@code detail}. */
  static LoraException of(Reason reason, Path file, String key, String detail) {
    return of(reason, file, key, detail, null);
  }

  static LoraException of(Reason reason, Path file, String key, String detail, Throwable cause) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String where = key == null ? "" : " (key \"" + key + "\")";
    return new LoraException(
        reason, file, key, "Cannot use LoRA " + name + where + ": " + detail, cause);
  }

  public Reason reason() {
    return reason;
  }

  /** The LoRA file. */
  public Path file() {
    return file;
  }

  /** The key concerned, when the problem is with one key or module. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
