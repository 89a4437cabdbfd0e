package dev.atelier.config;

/**
 * Where secrets that must not sit in the settings file in plain text are kept (the API key in an
 * RPC URL); the settings keep only the reference {@link #put} returns. A reference names its store
 * ({@code file:…}, {@code keyring:…}), so a secret is read back from where it was put.
 */
public interface SecretStore {

  /**
   * Keeps {@code secret} and returns the reference to read it back with.
   *
   * @param label what it is, in words, for a keyring's own user interface (never the secret)
   * @throws SecretException {@link SecretException.Reason#UNAVAILABLE} when it cannot be kept
   */
  String put(String label, String secret);

  /**
   * The secret kept under {@code reference}.
   *
   * @throws SecretException when it is missing, cannot be decrypted, or the store cannot be reached
   */
  String get(String reference);

  /** Forgets the secret under {@code reference}; nothing happens when there is none. */
  void remove(String reference);

  /** Where new secrets go, in words for the user (e.g. "the system keyring"). */
  String describe();
}
