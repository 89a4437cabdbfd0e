package dev.atelier.wallet;

import java.util.Optional;

/**
 * The rule every new wallet password must meet: at least {@value #MIN_LENGTH} characters, mixing at
 * least two kinds of character (lower-case letters, upper-case letters, digits, anything else). A
 * keystore is only as strong as its password: scrypt slows guessing down, it does not stop it.
 */
public final class PasswordPolicy {

  /** The shortest password accepted. */
  public static final int MIN_LENGTH = 10;

  private PasswordPolicy() {}

  /**
   * What is wrong with a candidate password, for a form to show as the user types; empty when the
   * password is acceptable.
   */
  public static Optional<String> problem(char[] password) {
    if (password.length < MIN_LENGTH) {
      return Optional.of(
          "The password is too short: use at least "
              + MIN_LENGTH
              + " characters (it has "
              + password.length
              + ").");
    }
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (char c : password) {
      if (Character.isLowerCase(c)) {
        lower = true;
      } else if (Character.isUpperCase(c)) {
        upper = true;
      } else if (Character.isDigit(c)) {
        digit = true;
      } else {
        other = true;
      }
    }
    int kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    if (kinds < 2) {
      return Optional.of(
          "The password is too simple: mix at least two kinds of character"
              + " (lower-case letters, upper-case letters, digits, symbols or spaces).");
    }
    return Optional.empty();
  }

  /**
   * Checks a new password.
   *
   * @throws WalletException with reason {@link WalletException.Reason#WEAK_PASSWORD} and the
   *     {@linkplain #problem(char[]) problem} as its message
   */
  public static void check(char[] password) {
    problem(password)
        .ifPresent(
            message -> {
              throw new WalletException(WalletException.Reason.WEAK_PASSWORD, message);
            });
  }
}
