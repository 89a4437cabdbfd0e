package dev.atelier.lifecycle;

import dev.atelier.io.Failures;

/** A component could not start; the message says which and why in plain words. */
public final class StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String component;

  public StartupException(String component, Throwable cause) {
    super("Could not start " + component + ": " + describe(cause), cause);
    this.component = component;
  }

  public String component() {
    return component;
  }

  private static String describe(Throwable t) {
    return Failures.describe(t);
  }
}
