package dev.atelier.gui.common;

import java.util.Optional;

/**
 * Asks the artist for a wallet password, on the JavaFX thread. The studio uses {@link
 * PasswordDialog}; tests pass a prompt that answers at once. The caller wipes the returned array.
 */
@FunctionalInterface
public interface PasswordPrompt {

  /**
   * @param title what the password is for, e.g. "Sign 2 images"
   * @param address the account to unlock
   * @param problem why it is asked again (e.g. "Wrong password"), or empty the first time
   * @return the password, or empty when the artist cancelled
   */
  Optional<char[]> ask(String title, String address, String problem);
}
