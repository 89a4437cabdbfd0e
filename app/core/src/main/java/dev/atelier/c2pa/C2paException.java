package dev.atelier.c2pa;

/**
 * A C2PA manifest cannot be written or read: the PNG is malformed (bad signature, truncated chunk,
 * wrong CRC), its manifest store is not well-formed JUMBF or CBOR, or the manifest lacks a part the
 * C2PA specification requires. The message says what and where in plain words.
 *
 * <p>A manifest that is well-formed but does not verify (changed pixels, altered claim, a signature
 * that does not match) is not an exception: {@link C2paPng#read} reports it in a {@link
 * C2paReport}.
 */
public final class C2paException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of input was refused. */
  public enum Reason {
    /** The bytes are not a PNG at all (empty, or another format such as JPEG). */
    NOT_PNG,
    /** A PNG, or its manifest, that is damaged or not well-formed. */
    MALFORMED
  }

  private final Reason reason;

  public C2paException(String message) {
    this(Reason.MALFORMED, message);
  }

  public C2paException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public C2paException(String message, Throwable cause) {
    super(message, cause);
    this.reason = Reason.MALFORMED;
  }

  /** What kind of input was refused. */
  public Reason reason() {
    return reason;
  }
}
