package dev.atelier.provenance;

/** Signing could not go ahead; the message says why in the artist's terms. Nothing was changed. */
public final class ProvenanceException extends RuntimeException {

  /** What kind of problem it is, so callers can map it (exit codes, dialogs). */
  public enum Reason {
    /** No such asset in the catalog, or its image file is missing. */
    NOT_FOUND,
    /** The image file is not the one Atelier generated (changed, damaged, not a PNG). */
    FILE_CHANGED,
    /** The catalog rows the record needs are missing or do not belong together. */
    CATALOG
  }

  private final Reason reason;

  public ProvenanceException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ProvenanceException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
