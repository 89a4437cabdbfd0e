package dev.atelier.license;

/** No license with the id asked for is in the catalog. */
public final class LicenseNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String id;

  public LicenseNotFoundException(String id, String message) {
    super(message);
    this.id = id;
  }

  /** The id that was asked for. */
  public String id() {
    return id;
  }
}
