package dev.atelier.config;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret store Atelier uses: new secrets go to the system keyring where there is one that
 * answers (the Secret Service through {@code secret-tool}, on Linux desktops), otherwise to the
 * {@link KeyFileSecretStore} in the data folder; each secret is read back from the store its
 * reference names. Which one is chosen is decided at the first secret, not at start-up (asking the
 * keyring starts a process).
 *
 * <p>The system property {@value #PROPERTY} ({@code keyring} or {@code file}) forces one.
 */
public final class SecretStores implements SecretStore {

  private static final Logger LOG = LoggerFactory.getLogger(SecretStores.class);

  /** Forces the store new secrets go to: {@code keyring} or {@code file}. */
  public static final String PROPERTY = "atelier.secret-store";

  private final KeyFileSecretStore file;
  private final Optional<SecretServiceStore> keyring;
  private final String forced;
  private SecretStore chosen;

  SecretStores(KeyFileSecretStore file, Optional<SecretServiceStore> keyring, String forced) {
    this.file = Objects.requireNonNull(file, "file");
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.forced = forced == null ? "" : forced.strip().toLowerCase(Locale.ROOT);
  }

  /** The store for these folders: the keyring when it answers, else a key file under data. */
  public static SecretStores forUser(AppDirs dirs) {
    SecureRandom random = new SecureRandom();
    return new SecretStores(
        new KeyFileSecretStore(dirs.secrets(), random),
        SecretServiceStore.findTool(System.getenv("PATH"))
            .map(tool -> new SecretServiceStore(tool, random)),
        System.getProperty(PROPERTY));
  }

  /** Only the encrypted file in {@code folder} (tests, and where no keyring is wanted). */
  public static SecretStores fileOnly(Path folder) {
    return new SecretStores(
        new KeyFileSecretStore(folder, new SecureRandom()), Optional.empty(), "file");
  }

  @Override
  public String put(String label, String secret) {
    return target().put(label, secret);
  }

  @Override
  public String get(String reference) {
    return of(reference).get(reference);
  }

  @Override
  public void remove(String reference) {
    of(reference).remove(reference);
  }

  @Override
  public String describe() {
    return target().describe();
  }

  private SecretStore of(String reference) {
    if (reference != null && reference.startsWith(SecretServiceStore.PREFIX)) {
      return keyring.orElseThrow(
          () ->
              new SecretException(
                  SecretException.Reason.UNAVAILABLE,
                  "This secret is in the system keyring, but secret-tool (libsecret-tools) is not"
                      + " installed here"));
    }
    if (reference != null && reference.startsWith(KeyFileSecretStore.PREFIX)) {
      return file;
    }
    throw new SecretException(
        SecretException.Reason.MISSING, "Not a reference to a kept secret: " + reference);
  }

  private synchronized SecretStore target() {
    if (chosen == null) {
      chosen = choose();
      LOG.info("Secrets are kept in {}", chosen.describe());
    }
    return chosen;
  }

  private SecretStore choose() {
    if (forced.equals("file")) {
      return file;
    }
    if (keyring.isPresent() && (forced.equals("keyring") || keyring.get().answers())) {
      return keyring.get();
    }
    return file;
  }
}
