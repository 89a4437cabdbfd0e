package dev.atelier.provenance;

/** JSON that is not a valid Atelier provenance record; the message names the field and why. */
public final class InvalidProvenanceException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidProvenanceException(String message) {
    super(message);
  }

  public InvalidProvenanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
