package dev.atelier.gui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.Network;
import dev.atelier.config.AppDirs;
import dev.atelier.config.SavedNetworks;
import dev.atelier.config.Settings;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.theme.ThemeManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings screen's view-model on a real studio; networks are checked against Anvil. */
class SettingsViewModelTest {

  private static Devnet anvil;

  @TempDir Path home;
  private Studio studio;
  private final Notices notices = new Notices();
  private final List<Path> opened = new ArrayList<>();
  private SettingsViewModel model;

  @BeforeAll
  static void startAnvil() {
    anvil = Devnet.start();
  }

  @AfterAll
  static void stopAnvil() {
    anvil.close();
  }

  @BeforeEach
  void start() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    BackgroundRunner runner = BackgroundRunner.sameThread();
    ThemeManager themes = ThemeManager.load(studio.dirs().userThemes(), studio.settings(), runner);
    model =
        new SettingsViewModel(
            studio.dirs(),
            studio.settings(),
            studio.networks(),
            new DevnetModel(studio.devnet(), runner),
            themes,
            new EngineStatusModel(runner, () -> Fixtures.ENGINE),
            runner,
            notices,
            opened::add);
    model.activate();
  }

  @AfterEach
  void stop() {
    studio.close();
  }

  @Test
  void listsTheNetworksWithTheLocalDevnetAndNoUrlsYet() {
    assertThat(model.networks().rows())
        .extracting(NetworkRow::name)
        .containsExactly("Local devnet", "Sepolia", "Base Sepolia", "Ethereum", "Base");
    assertThat(model.networks().rows().getFirst().localDevnet()).isTrue();
    assertThat(model.networks().rows()).allMatch(n -> n.shownUrl().equals("not set"));
  }

  @Test
  void aNetworkWhoseNodeServesAnotherChainIsRefusedAndNothingIsSaved() {
    String before = studio.settings().get(SavedNetworks.SETTINGS_KEY, "");
    boolean[] saved = {false};

    model.networks().save(null, "Sepolia fork", "11155111", anvil.rpcUrl(), () -> saved[0] = true);

    assertThat(saved[0]).isFalse();
    assertThat(model.networks().problemProperty().get())
        .startsWith("Not saved: RPC URL")
        .contains("serves chain id 31337, but chain id 11155111 was expected");
    assertThat(studio.settings().get(SavedNetworks.SETTINGS_KEY, "")).isEqualTo(before);
    assertThat(Settings.load(studio.dirs().settingsFile()).get(SavedNetworks.SETTINGS_KEY))
        .isEmpty();
    assertThat(model.networks().rows()).extracting(NetworkRow::name).doesNotContain("Sepolia fork");
  }

  @Test
  void aNetworkWhoseNodeAnswersTheRightChainIdIsSavedAndShownWithoutItsPath() throws IOException {
    String url = anvil.rpcUrl() + "/?apikey=SECRETKEY";
    boolean[] saved = {false};

    model.networks().save(null, "My Anvil", "31337", url, () -> saved[0] = true);

    assertThat(model.networks().problemProperty().get()).isEmpty();
    assertThat(saved[0]).isTrue();
    assertThat(studio.networks().find("My Anvil")).contains(new Network("My Anvil", 31337, url));
    NetworkRow row = model.networks().rows().getLast();
    assertThat(row.name()).isEqualTo("My Anvil");
    assertThat(row.shownUrl()).endsWith("/…").doesNotContain("SECRETKEY");
    assertThat(Files.readString(studio.dirs().settingsFile(), StandardCharsets.ISO_8859_1))
        .doesNotContain("SECRETKEY");

    // Editing with an empty URL keeps it; renaming replaces the entry.
    model.networks().save("My Anvil", "Anvil", "31337", "", () -> {});
    assertThat(studio.networks().find("My Anvil")).isEmpty();
    assertThat(studio.networks().find("Anvil")).contains(new Network("Anvil", 31337, url));

    model.networks().remove("Anvil");
    assertThat(model.networks().rows()).extracting(NetworkRow::name).doesNotContain("Anvil");
  }

  @Test
  void formProblemsAreSaidInPlainWordsBeforeAnyNodeIsAsked() {
    model.networks().save(null, "", "1", "", () -> {});
    assertThat(model.networks().problemProperty().get()).isEqualTo("Give the network a name.");
    model.networks().save(null, "X", "one", "", () -> {});
    assertThat(model.networks().problemProperty().get())
        .startsWith("The chain id is a whole number");
    model.networks().save(null, "Sepolia", "11155111", "", () -> {});
    assertThat(model.networks().problemProperty().get())
        .isEqualTo("There is a network called Sepolia already.");
    model.networks().save(null, "X", "5", "ftp://example.org", () -> {});
    assertThat(model.networks().problemProperty().get())
        .startsWith("The RPC URL starts with https://");
    model.networks().save("Local devnet", "Local devnet", "31337", "http://x:1", () -> {});
    assertThat(model.networks().problemProperty().get()).contains("managed by Atelier");
    model.networks().remove("Local devnet");
    assertThat(model.networks().rows()).extracting(NetworkRow::name).contains("Local devnet");
  }

  @Test
  void ipfsAutoLockAndThreadsAreSavedInTheSettingsFile() {
    model.ipfsUrlProperty().set("not a url");
    model.saveIpfsUrl();
    assertThat(model.ipfsProblemProperty().get()).startsWith("The IPFS API URL");
    assertThat(studio.settings().ipfsApiUrl()).isEmpty();

    model.ipfsUrlProperty().set("http://127.0.0.1:5001");
    model.saveIpfsUrl();
    model.autoLockMinutesProperty().set(12);
    model.saveAutoLock();
    model.threadsProperty().set(1);
    model.saveThreads();

    assertThat(model.ipfsProblemProperty().get()).isEmpty();
    Settings reread = Settings.load(studio.dirs().settingsFile());
    assertThat(reread.ipfsApiUrl()).contains("http://127.0.0.1:5001");
    assertThat(reread.walletAutoLock()).isEqualTo(Duration.ofMinutes(12));
    assertThat(reread.get(SettingsViewModel.THREADS)).contains("1");

    assertThat(model.devnetAutostartProperty().get()).isFalse();
    model.devnetAutostartProperty().set(true);
    assertThat(Settings.load(studio.dirs().settingsFile()).devnetAutostart()).isTrue();
  }

  @Test
  void opensTheDataFolderAndShowsTheEngine() {
    model.openFolder(model.modelsFolder());
    assertThat(opened).containsExactly(model.modelsFolder());
    assertThat(model.modelsFolder()).isDirectory();
    assertThat(model.engineText().get()).isEqualTo("Loading engine…");
    assertThat(model.devnetStatusProperty().get()).startsWith("Stopped");
    assertThat(model.dataFolder()).isEqualTo(studio.dirs().data().toString());
  }
}
