package dev.atelier.catalog;

/** The catalog could not be read or written; the message says what, in plain words. */
public class CatalogException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
