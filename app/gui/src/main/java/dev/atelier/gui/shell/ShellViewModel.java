package dev.atelier.gui.shell;

import dev.atelier.AppInfo;
import dev.atelier.Studio;
import dev.atelier.gui.batch.BatchModel;
import dev.atelier.gui.catalog.CatalogViewModel;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.PasswordPrompt;
import dev.atelier.gui.generate.GenerateViewModel;
import dev.atelier.gui.inspector.InspectorViewModel;
import dev.atelier.gui.settings.DevicePorts;
import dev.atelier.gui.settings.SettingsViewModel;
import dev.atelier.gui.theme.ThemeManager;
import dev.atelier.gui.wallet.WalletViewModel;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The main window's state: which screen is shown, the status bar's lines, and the view-model of
 * each screen. Nothing is shown until the first {@link #show}; showing a screen activates its
 * view-model so it loads fresh data.
 */
public final class ShellViewModel {

  private final EngineStatusModel engine;
  private final String catalogLocation;
  private final GenerateViewModel generate;
  private final BatchModel batch;
  private final CatalogViewModel catalog;
  private final WalletViewModel wallet;
  private final SettingsViewModel settings;
  private final AssetSelection selection = new AssetSelection();
  private final Notices notices = new Notices();
  private final InspectorViewModel inspector;
  private final DevnetModel devnet;
  private final Map<Screen, ScreenModel> screens = new EnumMap<>(Screen.class);
  private final ReadOnlyObjectWrapper<Screen> currentScreen =
      new ReadOnlyObjectWrapper<>(this, "currentScreen");

  /** A shell whose password prompts are always cancelled: for tests that sign nothing. */
  public ShellViewModel(
      Studio studio, EngineStatusModel engine, ThemeManager themes, BackgroundRunner runner) {
    this(studio, engine, themes, runner, (title, address, problem) -> Optional.empty());
  }

  /**
   * @param passwords asks for wallet passwords (the studio: a dialog)
   */
  public ShellViewModel(
      Studio studio,
      EngineStatusModel engine,
      ThemeManager themes,
      BackgroundRunner runner,
      PasswordPrompt passwords) {
    this(studio, engine, themes, runner, passwords, Optional.empty());
  }

  /**
   * @param passwords asks for wallet passwords (the studio: a dialog)
   * @param device what the Settings screen's Device section needs; without it the section is not
   *     shown
   */
  public ShellViewModel(
      Studio studio,
      EngineStatusModel engine,
      ThemeManager themes,
      BackgroundRunner runner,
      PasswordPrompt passwords,
      Optional<DevicePorts> device) {
    this.engine = Objects.requireNonNull(engine);
    this.devnet = new DevnetModel(studio.devnet(), runner);
    this.inspector = new InspectorViewModel(studio, devnet, selection, runner, notices, passwords);
    this.catalogLocation = studio.dirs().catalogFile().toString();
    this.generate = GenerateViewModel.forStudio(studio, engine, runner, selection, notices);
    this.batch =
        new BatchModel(
            studio.generation(),
            studio.catalog(),
            studio.clock(),
            studio.dirs().batches(),
            runner,
            notices);
    this.catalog = new CatalogViewModel(studio, runner, selection, notices);
    this.wallet = new WalletViewModel(studio, devnet, runner, notices, passwords);
    this.settings = new SettingsViewModel(studio, devnet, themes, engine, runner, notices, device);
    inspector.onUseAsStartPicture(
        file -> {
          generate.form().startPicture().choose(file);
          show(Screen.GENERATE);
        });
    inspector.onUseSettings(
        (settings, name) -> {
          generate.form().settingsRestore().restore(settings, name);
          show(Screen.GENERATE);
        });
    screens.put(Screen.GENERATE, generate);
    screens.put(Screen.CATALOG, catalog);
    screens.put(Screen.WALLET, wallet);
    screens.put(Screen.SETTINGS, settings);
    batch.offerUnfinished(); // a batch stopped part way last time is offered to be resumed
  }

  /** Shows {@code screen} and lets its view-model refresh. */
  public void show(Screen screen) {
    currentScreen.set(Objects.requireNonNull(screen));
    screens.get(screen).activate();
  }

  /** Shows the screen with this shortcut number (1-based); other numbers are ignored. */
  public void showNumber(int number) {
    Screen.byNumber(number).ifPresent(this::show);
  }

  /** The screen shown, or null before the first {@link #show}. */
  public ReadOnlyObjectProperty<Screen> currentScreenProperty() {
    return currentScreen.getReadOnlyProperty();
  }

  public Screen currentScreen() {
    return currentScreen.get();
  }

  public EngineStatusModel engine() {
    return engine;
  }

  /** Where the catalog file is, for the status bar. */
  public String catalogLocation() {
    return catalogLocation;
  }

  public String version() {
    return AppInfo.version();
  }

  /** The local devnet, shared by the screens that start or use it. */
  public DevnetModel devnet() {
    return devnet;
  }

  public GenerateViewModel generate() {
    return generate;
  }

  /** Batch files run from the Generate screen. */
  public BatchModel batch() {
    return batch;
  }

  public CatalogViewModel catalog() {
    return catalog;
  }

  public WalletViewModel wallet() {
    return wallet;
  }

  public SettingsViewModel settings() {
    return settings;
  }

  /** The inspector beside the catalog. */
  public InspectorViewModel inspector() {
    return inspector;
  }

  /** The assets selected, shared by the screens. */
  public AssetSelection selection() {
    return selection;
  }

  /** Toasts: finished work and failures in plain words. */
  public Notices notices() {
    return notices;
  }

  /**
   * Stops screen work that outlives a click (a running generation, a batch), before the core
   * closes.
   */
  public void close() {
    generate.close();
    batch.close();
  }
}
