package dev.atelier.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where Atelier keeps its files, following each desktop's convention.
 *
 * <ul>
 *   <li>Linux and other Unix: XDG base directories ({@code $XDG_CONFIG_HOME/atelier}, {@code
 *       $XDG_DATA_HOME/atelier}, {@code $XDG_CACHE_HOME/atelier}, defaulting to {@code ~/.config},
 *       {@code ~/.local/share}, {@code ~/.cache}).
 *   <li>macOS: {@code ~/Library/Application Support/Atelier} and {@code ~/Library/Caches/Atelier}.
 *   <li>Windows: {@code %APPDATA%\Atelier} (config), {@code %LOCALAPPDATA%\Atelier} (data, cache).
 * </ul>
 *
 * <p>One folder overrides all three: the system property {@code atelier.home} or the environment
 * variable {@code ATELIER_HOME} (tests and portable installs use it).
 *
 * @param config settings and user themes
 * @param data catalog, keystores, generated images
 * @param cache anything that may be deleted at any time
 */
public record AppDirs(Path config, Path data, Path cache) {

  public static final String HOME_PROPERTY = "atelier.home";
  public static final String HOME_ENV = "ATELIER_HOME";

  public AppDirs {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(cache, "cache");
  }

  /** All three folders under one root, as the override uses. */
  public static AppDirs under(Path root) {
    Path r = root.toAbsolutePath().normalize();
    return new AppDirs(r.resolve("config"), r.resolve("data"), r.resolve("cache"));
  }

  /** The folders for this process: override first, then the OS convention. */
  public static AppDirs forCurrentUser() {
    return resolve(
        System.getProperty(HOME_PROPERTY),
        System.getenv(),
        System.getProperty("os.name", ""),
        Path.of(System.getProperty("user.home")));
  }

  /**
   * Pure resolution, for tests: {@code homeProperty} is the value of {@code -Datelier.home} (or
   * null), {@code env} the environment, {@code osName} the {@code os.name} property.
   */
  static AppDirs resolve(
      String homeProperty, Map<String, String> env, String osName, Path userHome) {
    if (notBlank(homeProperty)) {
      return under(Path.of(homeProperty));
    }
    if (notBlank(env.get(HOME_ENV))) {
      return under(Path.of(env.get(HOME_ENV)));
    }
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      Path roaming = pathOr(env.get("APPDATA"), userHome.resolve("AppData").resolve("Roaming"));
      Path local = pathOr(env.get("LOCALAPPDATA"), userHome.resolve("AppData").resolve("Local"));
      return new AppDirs(
          roaming.resolve("Atelier"),
          local.resolve("Atelier").resolve("Data"),
          local.resolve("Atelier").resolve("Cache"));
    }
    if (os.startsWith("mac")) {
      Path support = userHome.resolve("Library").resolve("Application Support").resolve("Atelier");
      return new AppDirs(
          support.resolve("Config"),
          support,
          userHome.resolve("Library").resolve("Caches").resolve("Atelier"));
    }
    Path config = xdg(env.get("XDG_CONFIG_HOME"), userHome.resolve(".config"));
    Path data = xdg(env.get("XDG_DATA_HOME"), userHome.resolve(".local").resolve("share"));
    Path cache = xdg(env.get("XDG_CACHE_HOME"), userHome.resolve(".cache"));
    return new AppDirs(
        config.resolve("atelier"), data.resolve("atelier"), cache.resolve("atelier"));
  }

  /**
   * Creates the three folders, and the LoRA folder in the data folder, if they do not exist yet.
   */
  public AppDirs ensureExist() {
    try {
      Files.createDirectories(config);
      Files.createDirectories(data);
      Files.createDirectories(cache);
      Files.createDirectories(loras());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Atelier folders under " + data, e);
    }
  }

  /** The SQLite catalog file. */
  public Path catalogFile() {
    return data.resolve("catalog.db");
  }

  /** Folder of the wallet's encrypted keystore files. */
  public Path keystores() {
    return data.resolve("keystore");
  }

  /**
   * Folder of the secrets kept outside the settings (the API keys in RPC URLs), encrypted, when
   * there is no system keyring: the encrypted secrets and their key (readable by the user only).
   */
  public Path secrets() {
    return data.resolve("secrets");
  }

  /** Folder of the cached (public) C2PA signing certificates, one PEM file per address. */
  public Path c2paCertificates() {
    return data.resolve("c2pa");
  }

  /**
   * Folder of the user's own model files, which the model library lists beside the built-in one.
   */
  public Path models() {
    return data.resolve("models");
  }

  /**
   * The LoRA folder: where settings restored from an image look for the LoRAs it names (besides the
   * files used before), and where the studio's "Add LoRA…" opens.
   */
  public Path loras() {
    return data.resolve("loras");
  }

  /** Folder of the images the artist kept (PNG files, one per kept variant). */
  public Path images() {
    return data.resolve("images");
  }

  /** Folder of the variants of the latest generation that the artist has not kept yet. */
  public Path variants() {
    return data.resolve("variants");
  }

  /** The generations waiting in the studio's queue ({@code dev.atelier.generate.QueueFile}). */
  public Path queueFile() {
    return data.resolve("queue.json");
  }

  /** Folder the studio's batch runs write their pictures into, one folder per batch file. */
  public Path batches() {
    return data.resolve("batches");
  }

  /** Folder of the local devnet: its chain state, the running node's record and its log. */
  public Path devnet() {
    return data.resolve("devnet");
  }

  /** The settings file. */
  public Path settingsFile() {
    return config.resolve("settings.properties");
  }

  /** Folder where a user may drop extra theme stylesheets. */
  public Path userThemes() {
    return config.resolve("themes");
  }

  // The XDG spec says relative values are invalid and must be ignored.
  private static Path xdg(String value, Path fallback) {
    if (notBlank(value) && Path.of(value).isAbsolute()) {
      return Path.of(value);
    }
    return fallback;
  }

  private static Path pathOr(String value, Path fallback) {
    return notBlank(value) ? Path.of(value) : fallback;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
