package dev.atelier.diffusion;

/**
 * A model's files cannot be used: missing, truncated, altered, malformed, or of a kind Atelier does
 * not support yet; the message names the file. Subclasses add a reason and fields for the front
 * ends.
 */
public class ModelIntegrityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelIntegrityException(String message) {
    super(message);
  }

  public ModelIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
