package dev.atelier.imagesettings;

/**
 * No settings can be read from an image. The message is plain words a front end may show as they
 * are; {@link #reason()} lets it choose its own.
 */
public final class ImageSettingsException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Why nothing could be read. */
  public enum Reason {
    /** The bytes are not a PNG (empty, JPEG, WebP, ...). */
    NOT_PNG,
    /** A PNG whose chunks are damaged, or whose settings text cannot be read. */
    DAMAGED,
    /** A readable PNG that carries no generation settings. */
    NO_SETTINGS,
    /** A file too large to be an image Atelier reads settings from. */
    TOO_LARGE
  }

  private final Reason reason;

  ImageSettingsException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  ImageSettingsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
