package dev.atelier.config;

import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's preferences, kept in a small properties file. Writes are atomic (temp file, then
 * rename) so a crash never leaves a half-written file. Secrets never go here.
 */
public final class Settings {

  private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

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

  private final Path file;
  private final Properties values = new Properties();

  private Settings(Path file) {
    this.file = file;
  }

  /**
   * Loads the file, or starts empty when it does not exist. A corrupt file is moved aside (kept for
   * the user as {@code settings.properties.broken}) and defaults are used.
   */
  public static Settings load(Path file) {
    Settings settings = new Settings(file);
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      settings.values.load(in);
    } catch (NoSuchFileException e) {
      // first start
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Settings file {} is unreadable ({}); using defaults", file, e.getMessage());
      try {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".broken"),
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        LOG.warn("Could not move the unreadable settings file aside", moveFailed);
      }
      settings.values.clear();
    }
    return settings;
  }

  public Path file() {
    return file;
  }

  public synchronized Optional<String> get(String key) {
    return Optional.ofNullable(values.getProperty(key));
  }

  public synchronized String get(String key, String fallback) {
    return values.getProperty(key, fallback);
  }

  /** Sets a value and saves the file at once. */
  public synchronized void put(String key, String value) {
    if (value.equals(values.getProperty(key))) {
      return;
    }
    values.setProperty(key, value);
    save();
  }

  /** Removes a value and saves the file at once; nothing happens when it is not set. */
  public synchronized void remove(String key) {
    if (values.remove(key) != null) {
      save();
    }
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

  private void save() {
    try {
      AtomicFiles.write(
          file,
          out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            values.store(writer, "Atelier settings");
            writer.flush();
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save settings to " + file, e);
    }
  }
}
