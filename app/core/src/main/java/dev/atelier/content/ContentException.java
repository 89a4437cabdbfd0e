package dev.atelier.content;

/**
 * Content that is not what it claims to be: a malformed CID, a CAR file that cannot be read, a
 * block whose bytes do not hash to its CID. The message says what is wrong and where. It is an
 * {@link IllegalArgumentException} because it always comes from bad input.
 */
public final class ContentException extends IllegalArgumentException {

  public ContentException(String message) {
    super(message);
  }

  public ContentException(String message, Throwable cause) {
    super(message, cause);
  }
}
