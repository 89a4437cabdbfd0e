package dev.atelier.gui.settings;

import dev.atelier.AppInfo;
import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.config.SavedNetworks;
import dev.atelier.config.Settings;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.engine.EngineInfo;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.shell.ScreenModel;
import dev.atelier.gui.theme.Theme;
import dev.atelier.gui.theme.ThemeManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.StringExpression;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Settings screen: the theme (changing {@link #themeProperty()} applies and saves it at once),
 * generation (model folders, CPU threads, the engine line), the device and the engine's CUDA
 * libraries ({@link DeviceSettingsModel}), the networks to mint on (a network's RPC URL is saved
 * only after it answered with the expected chain id), the local devnet, the IPFS node, the wallet's
 * auto-lock time, where Atelier keeps its files, and which version is running. Everything is saved
 * in {@link Settings}; slow work (asking a node, starting the devnet, opening a folder) runs in the
 * background.
 */
public final class SettingsViewModel implements ScreenModel {

  /** The settings key of the CPU threads used for generation; unset means all cores. */
  public static final String THREADS = "engine.threads";

  /** The longest auto-lock time offered: a day. */
  public static final int MAX_AUTO_LOCK_MINUTES = 24 * 60;

  /** Opens a folder in the desktop's file manager. */
  @FunctionalInterface
  public interface FolderOpener {
    void open(Path folder) throws Exception;
  }

  private final AppDirs dirs;
  private final Settings settings;
  private final DevnetModel devnet;
  private final ThemeManager themes;
  private final EngineStatusModel engine;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final FolderOpener opener;
  private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
  private final NetworkSettings networks;
  private final Optional<DeviceSettingsModel> device;
  private final BooleanProperty devnetAutostart =
      new SimpleBooleanProperty(this, "devnetAutostart", false);
  private final StringProperty ipfsUrl = new SimpleStringProperty(this, "ipfsUrl", "");
  private final ReadOnlyStringWrapper ipfsProblem =
      new ReadOnlyStringWrapper(this, "ipfsProblem", "");
  private final ObjectProperty<Integer> threads = new SimpleObjectProperty<>(this, "threads");
  private final ObjectProperty<Integer> autoLockMinutes =
      new SimpleObjectProperty<>(this, "autoLockMinutes");

  public SettingsViewModel(
      Studio studio,
      DevnetModel devnet,
      ThemeManager themes,
      EngineStatusModel engine,
      BackgroundRunner runner,
      Notices notices) {
    this(studio, devnet, themes, engine, runner, notices, Optional.empty());
  }

  /**
   * @param device what the Device section needs; without it the section is not shown
   */
  public SettingsViewModel(
      Studio studio,
      DevnetModel devnet,
      ThemeManager themes,
      EngineStatusModel engine,
      BackgroundRunner runner,
      Notices notices,
      Optional<DevicePorts> device) {
    this(
        studio.dirs(),
        studio.settings(),
        studio.networks(),
        devnet,
        themes,
        engine,
        runner,
        notices,
        SettingsViewModel::openWithDesktop,
        device);
  }

  /**
   * @param savedNetworks the studio's saved networks (their keys already moved to the secret store)
   */
  public SettingsViewModel(
      AppDirs dirs,
      Settings settings,
      SavedNetworks savedNetworks,
      DevnetModel devnet,
      ThemeManager themes,
      EngineStatusModel engine,
      BackgroundRunner runner,
      Notices notices,
      FolderOpener opener) {
    this(
        dirs,
        settings,
        savedNetworks,
        devnet,
        themes,
        engine,
        runner,
        notices,
        opener,
        Optional.empty());
  }

  /**
   * @param savedNetworks the studio's saved networks (their keys already moved to the secret store)
   * @param device what the Device section needs; without it the section is not shown
   */
  public SettingsViewModel(
      AppDirs dirs,
      Settings settings,
      SavedNetworks savedNetworks,
      DevnetModel devnet,
      ThemeManager themes,
      EngineStatusModel engine,
      BackgroundRunner runner,
      Notices notices,
      FolderOpener opener,
      Optional<DevicePorts> device) {
    this.device = device.map(p -> new DeviceSettingsModel(settings, p, engine, runner, notices));
    this.dirs = dirs;
    this.settings = settings;
    this.devnet = devnet;
    this.themes = themes;
    this.engine = engine;
    this.runner = runner;
    this.notices = notices;
    this.opener = opener;
    this.networks = new NetworkSettings(savedNetworks, runner, notices);
    theme.set(themes.current());
    themes.currentProperty().addListener((obs, old, now) -> theme.set(now));
    theme.addListener(
        (obs, old, chosen) -> {
          if (chosen != null && !chosen.equals(themes.current())) {
            themes.select(chosen);
          }
        });
    threads.set(savedThreads(settings).orElse(EngineInfo.configuredThreads()));
    autoLockMinutes.set((int) settings.walletAutoLock().toMinutes());
    ipfsUrl.set(settings.ipfsApiUrl().orElse(""));
    devnetAutostart.set(settings.devnetAutostart());
    devnetAutostart.addListener(
        (obs, old, now) -> {
          if (now != settings.devnetAutostart()) {
            runner.run(
                () -> {
                  settings.setDevnetAutostart(now);
                  return now;
                },
                done -> {},
                failure -> notices.error("Not saved", failure));
          }
        });
  }

  /**
   * Applies the saved thread count to the engine; call at start-up, before the engine loads.
   *
   * @return the count applied, if one is saved
   */
  public static Optional<Integer> applySavedThreads(Settings settings) {
    Optional<Integer> saved = savedThreads(settings);
    saved.ifPresent(EngineInfo::setThreads);
    return saved;
  }

  private static Optional<Integer> savedThreads(Settings settings) {
    try {
      return settings
          .get(THREADS)
          .map(String::strip)
          .map(Integer::parseInt)
          .filter(n -> n >= 1 && n <= 1024);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Reloads the networks and the devnet's state. */
  @Override
  public void activate() {
    device.ifPresent(DeviceSettingsModel::refresh);
    networks.load();
    refreshDevnet();
  }

  // ---- appearance

  /** The themes to choose from. */
  public List<Theme> themes() {
    return themes.themes();
  }

  /** The current theme; setting it switches the studio's theme and remembers the choice. */
  public ObjectProperty<Theme> themeProperty() {
    return theme;
  }

  // ---- generation

  /** The user's model folder: models put here are found at the next start. */
  public Path modelsFolder() {
    return dirs.models();
  }

  /** The folder of the models shipped with Atelier, if known. */
  public Optional<Path> bundledModelsFolder() {
    String bundled = System.getProperty(ModelLibrary.BUNDLED_PROPERTY);
    return bundled == null || bundled.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(bundled).toAbsolutePath().normalize());
  }

  /** The engine and device line, e.g. "PyTorch 2.7.1 on CPU (2 threads)". */
  public StringExpression engineText() {
    return engine.text();
  }

  /** The cores this computer has: the most threads worth choosing. */
  public int maxThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** CPU threads for generation; saved with {@link #saveThreads()}. */
  public ObjectProperty<Integer> threadsProperty() {
    return threads;
  }

  /** Saves the thread count; it applies when Atelier starts next (the engine is loaded once). */
  public void saveThreads() {
    Integer n = threads.get();
    if (n == null || n < 1) {
      return;
    }
    save(
        () -> settings.put(THREADS, Integer.toString(n)),
        "Threads saved",
        n + (n == 1 ? " thread" : " threads") + " from the next start of Atelier.");
  }

  /** Writes the settings file in the background, then says so (or why not). */
  private void save(Runnable write, String title, String detail) {
    runner.run(
        () -> {
          write.run();
          return title;
        },
        done -> notices.info(title, detail),
        failure -> notices.error("Not saved", failure));
  }

  // ---- device

  /** Where generation runs and where the engine's CUDA libraries come from, when offered. */
  public Optional<DeviceSettingsModel> device() {
    return device;
  }

  // ---- networks

  /** The networks to mint on, and the form that adds or edits one. */
  public NetworkSettings networks() {
    return networks;
  }

  // ---- local devnet

  private void refreshDevnet() {
    devnetAutostart.set(settings.devnetAutostart());
    devnet.refresh();
  }

  /**
   * Starts the local devnet (or attaches to the running one). A node started here stops when
   * Atelier closes, its chain kept, and starts again with Atelier until {@link #stopDevnet()}.
   */
  public void startDevnet() {
    devnet.start(
        node -> {
          devnetAutostart.set(settings.devnetAutostart());
          networks.load();
        },
        failure -> {
          notices.error("The local devnet did not start", failure);
          devnetAutostart.set(settings.devnetAutostart());
        });
  }

  /** Stops the local devnet; its chain is kept for the next start. */
  public void stopDevnet() {
    devnet.stop(
        () -> devnetAutostart.set(settings.devnetAutostart()),
        failure -> {
          notices.error("Could not stop the local devnet", failure);
          devnetAutostart.set(settings.devnetAutostart());
        });
  }

  /** Whether Atelier starts the local devnet when it opens ({@link Settings#DEVNET_AUTOSTART}). */
  public BooleanProperty devnetAutostartProperty() {
    return devnetAutostart;
  }

  public ReadOnlyStringProperty devnetStatusProperty() {
    return devnet.statusProperty();
  }

  public ReadOnlyBooleanProperty devnetRunningProperty() {
    return devnet.runningProperty();
  }

  public ReadOnlyBooleanProperty devnetBusyProperty() {
    return devnet.busyProperty();
  }

  // ---- IPFS

  /** The IPFS node's API URL as typed; saved with {@link #saveIpfsUrl()}. */
  public StringProperty ipfsUrlProperty() {
    return ipfsUrl;
  }

  /** Saves the IPFS API URL; blank turns pinning off. */
  public void saveIpfsUrl() {
    String url = ipfsUrl.get();
    runner.run(
        () -> {
          settings.setIpfsApiUrl(url);
          return settings.ipfsApiUrl();
        },
        saved -> {
          ipfsProblem.set("");
          notices.info(
              "IPFS node saved",
              saved.map(u -> "Minting pins to " + u).orElse("Minting pins nothing."));
        },
        failure -> {
          if (failure instanceof IllegalArgumentException) {
            ipfsProblem.set(failure.getMessage());
          } else {
            notices.error("Not saved", failure);
          }
        });
  }

  public ReadOnlyStringProperty ipfsProblemProperty() {
    return ipfsProblem.getReadOnlyProperty();
  }

  // ---- wallet

  /** Minutes an unlocked account stays unlocked unused; saved with {@link #saveAutoLock()}. */
  public ObjectProperty<Integer> autoLockMinutesProperty() {
    return autoLockMinutes;
  }

  /** The auto-lock time when none is saved ({@link Settings#DEFAULT_WALLET_AUTO_LOCK}). */
  public static int defaultAutoLockMinutes() {
    return (int) Settings.DEFAULT_WALLET_AUTO_LOCK.toMinutes();
  }

  /** Saves the auto-lock time; it applies from the next start. */
  public void saveAutoLock() {
    Integer minutes = autoLockMinutes.get();
    if (minutes == null || minutes < 1) {
      return;
    }
    save(
        () -> settings.setWalletAutoLock(Duration.ofMinutes(minutes)),
        "Auto-lock saved",
        "Accounts lock after "
            + minutes
            + " idle minute"
            + (minutes == 1 ? "" : "s")
            + " from the next start of Atelier.");
  }

  // ---- locations

  /** Opens a folder (created if missing) in the file manager, in the background. */
  public void openFolder(Path folder) {
    runner.run(
        () -> {
          Files.createDirectories(folder);
          opener.open(folder);
          return folder;
        },
        opened -> {},
        failure -> notices.error("Could not open " + folder, failure));
  }

  /** xdg-open on Linux (AWT's Desktop would load a second GTK next to JavaFX's), else Desktop. */
  private static void openWithDesktop(Path folder) throws Exception {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    if (os.contains("linux") || !java.awt.Desktop.isDesktopSupported()) {
      new ProcessBuilder("xdg-open", folder.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return;
    }
    java.awt.Desktop.getDesktop().open(folder.toFile());
  }

  public String settingsFile() {
    return dirs.settingsFile().toString();
  }

  public Path dataPath() {
    return dirs.data();
  }

  public String dataFolder() {
    return dirs.data().toString();
  }

  public String catalogFile() {
    return dirs.catalogFile().toString();
  }

  public String userThemesFolder() {
    return dirs.userThemes().toString();
  }

  public Path configPath() {
    return dirs.config();
  }

  public String version() {
    return AppInfo.NAME + " " + AppInfo.version();
  }

  /** The Java and JavaFX versions running the studio. */
  public String runtime() {
    return "Java "
        + System.getProperty("java.runtime.version", "?")
        + " · JavaFX "
        + System.getProperty("javafx.runtime.version", "?");
  }
}
