package dev.atelier.png;

/**
 * Bytes that are not a PNG, a PNG that is damaged (truncated, a wrong CRC, a chunk that claims more
 * bytes than there are), or a text chunk that cannot be read. The message is plain words a front
 * end may show as they are.
 */
public final class PngFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** What kind of input was refused. */
  public enum Reason {
    /** The bytes do not start with the PNG signature (empty, JPEG, WebP, text...). */
    NOT_PNG,
    /** A PNG whose chunk structure is damaged. */
    DAMAGED,
    /** A well-formed PNG with a text chunk that cannot be read (too long, bad UTF-8, bad zlib). */
    BAD_TEXT
  }

  private final Reason reason;

  PngFormatException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  PngFormatException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
