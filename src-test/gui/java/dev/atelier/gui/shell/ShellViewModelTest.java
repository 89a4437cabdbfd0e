package dev.atelier.gui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.engine.EngineInfo;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatus;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.theme.ThemeManager;
import dev.atelier.gui.wallet.WalletRow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's view-model, without a display: work runs on the test thread. */
class ShellViewModelTest {

  private static final String ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";

  @TempDir Path home;
  private Studio studio;
  private final BackgroundRunner runner = BackgroundRunner.sameThread();

  @BeforeEach
  void startStudio() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
  }

  @AfterEach
  void closeStudio() {
    studio.close();
  }

  @Test
  void showsNothingUntilAScreenIsChosenThenTheChosenOne() {
    ShellViewModel shell = shell(() -> Fixtures.ENGINE);
    assertThat(shell.currentScreen()).isNull();

    shell.show(Screen.WALLET);

    assertThat(shell.currentScreen()).isEqualTo(Screen.WALLET);
  }

  @Test
  void shortcutNumbersPickScreensInNavigationOrderAndOthersAreIgnored() {
    ShellViewModel shell = shell(() -> Fixtures.ENGINE);

    shell.showNumber(2);
    assertThat(shell.currentScreen()).isEqualTo(Screen.CATALOG);
    shell.showNumber(4);
    assertThat(shell.currentScreen()).isEqualTo(Screen.SETTINGS);
    shell.showNumber(1);
    assertThat(shell.currentScreen()).isEqualTo(Screen.GENERATE);

    shell.showNumber(0);
    shell.showNumber(5);
    assertThat(shell.currentScreen()).isEqualTo(Screen.GENERATE);
  }

  @Test
  void showingAScreenLoadsItsDataEveryTime() {
    ShellViewModel shell = shell(() -> Fixtures.ENGINE);
    assertThat(shell.catalog().stateProperty().get()).isEqualTo(LoadState.LOADING);

    shell.show(Screen.CATALOG);
    assertThat(shell.catalog().stateProperty().get()).isEqualTo(LoadState.EMPTY);
    assertThat(shell.catalog().totalProperty().get()).isZero();

    dev.atelier.bench.CatalogBench.fill(studio.catalog(), 1);
    shell.show(Screen.GENERATE);
    shell.show(Screen.CATALOG);

    assertThat(shell.catalog().stateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(shell.catalog().itemAt(0).prompt())
        .isEqualTo(dev.atelier.bench.CatalogBench.prompt(0));
    assertThat(shell.catalog().summaryProperty().get()).isEqualTo("1 image");
  }

  @Test
  void walletScreenListsPublicAddresses() {
    Fixtures.addWallet(studio.catalog(), "Studio main", ADDRESS);
    ShellViewModel shell = shell(() -> Fixtures.ENGINE);

    shell.show(Screen.WALLET);

    assertThat(shell.wallet().stateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(shell.wallet().accounts())
        .containsExactly(new WalletRow("Studio main", ADDRESS, "m/44'/60'/0'/0/0"));
  }

  @Test
  void generateScreenListsTheInstalledModels() {
    ShellViewModel shell = shell(() -> Fixtures.ENGINE);
    shell.show(Screen.GENERATE);

    assertThat(shell.generate().form().modelsProperty().get()).isEqualTo("1 model installed");
    assertThat(shell.generate().form().modelProperty().get().id()).isEqualTo("atelier-tiny@4");
    shell.close();
  }

  @Test
  void engineLineSaysLoadingThenWhatWasDetectedAndDetectsOnlyOnce() {
    AtomicInteger probes = new AtomicInteger();
    ShellViewModel shell =
        shell(
            () -> {
              probes.incrementAndGet();
              return Fixtures.ENGINE;
            });
    assertThat(shell.engine().text().get()).isEqualTo("Loading engine…");

    shell.engine().detect();
    shell.engine().detect();

    assertThat(shell.engine().text().get()).isEqualTo(Fixtures.ENGINE_LINE);
    assertThat(shell.generate().engineText().get()).isEqualTo(Fixtures.ENGINE_LINE);
    assertThat(probes).hasValue(1);
  }

  @Test
  void engineLineSaysWhyTheEngineFailed() {
    ShellViewModel shell =
        shell(
            () -> {
              throw new IllegalStateException(
                  "The PyTorch engine could not load its native library");
            });

    shell.engine().detect();

    assertThat(shell.engine().statusProperty().get()).isInstanceOf(EngineStatus.Failed.class);
    assertThat(shell.engine().text().get())
        .isEqualTo("Engine unavailable: The PyTorch engine could not load its native library");
  }

  @Test
  void choosingAThemeInSettingsAppliesAndSavesIt() {
    ShellViewModel shell = shell(() -> Fixtures.ENGINE);
    var settings = shell.settings();
    assertThat(settings.themeProperty().get().id()).isEqualTo("light");

    settings.themeProperty().set(settings.themes().get(1));

    assertThat(settings.themeProperty().get().id()).isEqualTo("dark");
    assertThat(Settings.load(studio.dirs().settingsFile()).theme()).isEqualTo("dark");
    assertThat(settings.catalogFile()).isEqualTo(studio.dirs().catalogFile().toString());
  }

  @Test
  void statusBarNamesTheCatalogFile() {
    assertThat(shell(() -> Fixtures.ENGINE).catalogLocation())
        .isEqualTo(home.resolve("data").resolve("catalog.db").toAbsolutePath().toString());
  }

  private ShellViewModel shell(Callable<EngineInfo> probe) {
    ThemeManager themes = ThemeManager.load(studio.dirs().userThemes(), studio.settings(), runner);
    return new ShellViewModel(studio, new EngineStatusModel(runner, probe), themes, runner);
  }
}
