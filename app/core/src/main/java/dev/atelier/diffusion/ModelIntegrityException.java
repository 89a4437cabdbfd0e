package dev.atelier.diffusion;

/** A model's files are missing, truncated or altered; the message names the file. */
public final class ModelIntegrityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelIntegrityException(String message) {
    super(message);
  }

  public ModelIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
