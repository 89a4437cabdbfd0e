package dev.atelier.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The user's preferences, kept in a small properties file that the studio and the command line
 * share: each change rewrites only its own key, under a lock, into the file as it is on disk then,
 * and each read sees the other process's changes (see {@link SharedPropertiesFile}). Writes are
 * atomic (temp file, then rename) so a crash never leaves a half-written file. Secrets never go
 * here: an RPC URL's key is kept in a {@link SecretStore}.
 */
public final class Settings {

  public static final String THEME = "ui.theme";
  public static final String DEFAULT_THEME = "light";
  public static final String WALLET_AUTO_LOCK = "wallet.auto-lock-minutes";
  public static final Duration DEFAULT_WALLET_AUTO_LOCK = Duration.ofMinutes(5);

  /** The RPC API of the user's own IPFS node (Kubo), for pinning; unset means no pinning. */
  public static final String IPFS_API_URL = "ipfs.api-url";

  /**
   * Whether the studio brings the local devnet back when it starts ({@code true}/{@code false}).
   */
  public static final String DEVNET_AUTOSTART = "chain.devnet.autostart";

  private final SharedPropertiesFile store;

  private Settings(SharedPropertiesFile store) {
    this.store = store;
  }

  /**
   * Loads the file, or starts empty when it does not exist. A corrupt file is moved aside (kept for
   * the user as {@code settings.properties.broken}) and defaults are used.
   */
  public static Settings load(Path file) {
    return new Settings(SharedPropertiesFile.open(file, "Atelier settings"));
  }

  public Path file() {
    return store.file();
  }

  /**
   * The value as the file holds it now (another process may have changed it since the last read).
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(store.read().get(key));
  }

  public String get(String key, String fallback) {
    return store.read().getOrDefault(key, fallback);
  }

  /** Sets a value and saves the file at once, keeping every other value as the file holds it. */
  public void put(String key, String value) {
    Objects.requireNonNull(value, "value");
    store.update(values -> values.put(key, value));
  }

  /** Removes a value and saves the file at once; nothing happens when it is not set. */
  public void remove(String key) {
    store.update(values -> values.remove(key));
  }

  /**
   * Changes one value from what the file holds now, under the file's lock, so that a change made by
   * another process in between is never lost: {@code change} gets the current value (empty when
   * unset) and returns the new one (empty to remove it); it runs once, while the lock is held.
   *
   * @return the new value
   */
  public Optional<String> update(String key, UnaryOperator<Optional<String>> change) {
    Objects.requireNonNull(change, "change");
    Map<String, String> after =
        store.update(
            values -> {
              Optional<String> now = change.apply(Optional.ofNullable(values.get(key)));
              if (now.isPresent()) {
                values.put(key, now.get());
              } else {
                values.remove(key);
              }
            });
    return Optional.ofNullable(after.get(key));
  }

  public String theme() {
    return get(THEME, DEFAULT_THEME);
  }

  public void setTheme(String theme) {
    put(THEME, theme);
  }

  /**
   * How long an unlocked wallet account stays unlocked without use; the default when unset or not a
   * positive number of minutes.
   */
  public Duration walletAutoLock() {
    try {
      long minutes = Long.parseLong(get(WALLET_AUTO_LOCK, "").strip());
      return minutes > 0 ? Duration.ofMinutes(minutes) : DEFAULT_WALLET_AUTO_LOCK;
    } catch (NumberFormatException e) {
      return DEFAULT_WALLET_AUTO_LOCK;
    }
  }

  public void setWalletAutoLock(Duration idle) {
    if (idle.toMinutes() < 1) {
      throw new IllegalArgumentException("The wallet auto-lock time is at least one minute");
    }
    put(WALLET_AUTO_LOCK, Long.toString(idle.toMinutes()));
  }

  /**
   * The API URL of the IPFS node to pin to (e.g. Kubo's {@code http://127.0.0.1:5001}); empty when
   * none is configured, and then nothing is pinned.
   */
  public Optional<String> ipfsApiUrl() {
    return get(IPFS_API_URL).map(String::strip).filter(url -> !url.isEmpty());
  }

  /**
   * Sets the IPFS node's API URL; a blank value removes it (no pinning).
   *
   * @throws IllegalArgumentException when it is not an {@code http} or {@code https} URL with a
   *     host
   */
  public void setIpfsApiUrl(String url) {
    if (url == null || url.isBlank()) {
      remove(IPFS_API_URL);
      return;
    }
    String value = url.strip();
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The IPFS API URL is not a URL (" + e.getReason() + ")");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "The IPFS API URL must look like http://127.0.0.1:5001 (http or https, with a host)");
    }
    put(IPFS_API_URL, value);
  }

  /** True when the user last left the local devnet running, so the studio starts it again. */
  public boolean devnetAutostart() {
    return Boolean.parseBoolean(get(DEVNET_AUTOSTART, "false").strip());
  }

  public void setDevnetAutostart(boolean autostart) {
    put(DEVNET_AUTOSTART, Boolean.toString(autostart));
  }
}
