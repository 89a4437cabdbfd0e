package dev.atelier.diffusion.safetensors;

import dev.atelier.diffusion.ModelIntegrityException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A weights file that Atelier refuses to read: malformed, truncated, hostile, or a pickle
 * checkpoint. The reason and fields are for the front ends; the message is plain words that name
 * the file (and the tensor where there is one).
 */
public final class SafetensorsException extends ModelIntegrityException {

  private static final long serialVersionUID = 1L;

  /** Why the file was refused. */
  public enum Reason {
    /** The file could not be opened or read. */
    READ_FAILED,
    /** Shorter than its header says, or than the 8 bytes of a header length. */
    TRUNCATED,
    /** The header length is over the limit or past the end of the file. */
    HEADER_TOO_LARGE,
    /** The header is not valid JSON text. */
    HEADER_NOT_JSON,
    /** The header is valid JSON but not an object of tensors. */
    HEADER_NOT_OBJECT,
    /** A tensor's entry lacks dtype, shape or data_offsets, or one of them has the wrong form. */
    BAD_ENTRY,
    /** A tensor names an element type this reader does not know. */
    UNKNOWN_DTYPE,
    /** A dimension is negative or not a whole number. */
    BAD_SHAPE,
    /** The shape's element count or byte size does not fit in 64 bits. */
    SHAPE_OVERFLOW,
    /** A tensor's bytes lie (partly) outside the data section. */
    OFFSETS_OUT_OF_RANGE,
    /** A tensor's end offset is before its begin offset. */
    OFFSETS_REVERSED,
    /** A tensor's byte count differs from its shape times its element size. */
    SIZE_MISMATCH,
    /** Two tensors share bytes. */
    OVERLAP,
    /** Bytes of the data section belong to no tensor (a gap, or data after the last tensor). */
    UNINDEXED_DATA,
    /** The same tensor name appears twice. */
    DUPLICATE_NAME,
    /** {@code __metadata__} is not a map of text to text. */
    BAD_METADATA,
    /** The tensor holds integers or booleans, not floating-point numbers. */
    NOT_FLOAT,
    /** One tensor is larger than this reader reads at once (2 GiB). */
    TENSOR_TOO_LARGE,
    /** A PyTorch pickle checkpoint (.ckpt, .pt, .pth, pickled .bin): refused on purpose. */
    PICKLE
  }

  private final Reason reason;
  private final transient Path file;
  private final String tensor;

  SafetensorsException(Reason reason, Path file, String tensor, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.file = file;
    this.tensor = tensor;
  }

  /** Builds the exception; {@code detail} says what is wrong in plain words. */
  static SafetensorsException of(Reason reason, Path file, String tensor, String detail) {
    return new SafetensorsException(reason, file, tensor, text(file, tensor, detail), null);
  }

  static SafetensorsException of(
      Reason reason, Path file, String tensor, String detail, Throwable cause) {
    return new SafetensorsException(reason, file, tensor, text(file, tensor, detail), cause);
  }

  /** The refusal of a pickle checkpoint: why (loading one can run code) and what to use instead. */
  public static SafetensorsException pickle(Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    return new SafetensorsException(
        Reason.PICKLE,
        file,
        null,
        name
            + " is a PyTorch pickle checkpoint. Atelier does not open pickle files, because"
            + " loading one can run any code its author put into it on this computer. Use the"
            + " .safetensors version of this model instead; model sites offer it next to the"
            + " pickle file.",
        null);
  }

  private static String text(Path file, String tensor, String detail) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String where = tensor == null ? "" : " (tensor \"" + tensor + "\")";
    return "Cannot read weights file " + name + where + ": " + detail;
  }

  public Reason reason() {
    return reason;
  }

  /** The weights file. */
  public Path file() {
    return file;
  }

  /** The tensor concerned, when the problem is with one tensor. */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }
}
