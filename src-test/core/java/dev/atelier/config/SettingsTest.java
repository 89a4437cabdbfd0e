package dev.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void firstStartHasDefaults() {
    Settings s = Settings.load(dir.resolve("settings.properties"));
    assertThat(s.theme()).isEqualTo("light");
    assertThat(s.get("missing")).isEmpty();
  }

  @Test
  void valuesSurviveReloadAndNoTempFilesRemain() throws IOException {
    Path file = dir.resolve("nested/settings.properties");
    Settings s = Settings.load(file);
    s.setTheme("dark");
    s.put("ui.last-screen", "catalog");

    Settings again = Settings.load(file);
    assertThat(again.theme()).isEqualTo("dark");
    assertThat(again.get("ui.last-screen")).contains("catalog");
    try (Stream<Path> files = Files.list(file.getParent())) {
      // The lock file shared by the processes that write the settings stays; nothing else does.
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("settings.properties", "settings.properties.lock");
    }
  }

  @Test
  void unreadableFileIsKeptAsideAndDefaultsUsed() throws IOException {
    Path file = dir.resolve("settings.properties");
    // A lone backslash-u escape with bad hex makes Properties.load throw.
    Files.writeString(file, "ui.theme=\\uZZZZ\n");
    Settings s = Settings.load(file);
    assertThat(s.theme()).isEqualTo("light");
    assertThat(dir.resolve("settings.properties.broken")).exists();
    s.setTheme("dark");
    assertThat(Settings.load(file).theme()).isEqualTo("dark");
  }

  @Test
  void walletAutoLockIsMinutesWithADefault() {
    Path file = dir.resolve("settings.properties");
    Settings s = Settings.load(file);
    assertThat(s.walletAutoLock()).isEqualTo(Settings.DEFAULT_WALLET_AUTO_LOCK);
    s.setWalletAutoLock(Duration.ofMinutes(15));
    assertThat(Settings.load(file).walletAutoLock()).isEqualTo(Duration.ofMinutes(15));
    s.put(Settings.WALLET_AUTO_LOCK, "soon");
    assertThat(s.walletAutoLock()).isEqualTo(Settings.DEFAULT_WALLET_AUTO_LOCK);
    s.put(Settings.WALLET_AUTO_LOCK, "0");
    assertThat(s.walletAutoLock()).isEqualTo(Settings.DEFAULT_WALLET_AUTO_LOCK);
  }

  @Test
  void theIpfsApiUrlIsCheckedRememberedAndCleared() {
    Path file = dir.resolve("settings.properties");
    Settings s = Settings.load(file);
    assertThat(s.ipfsApiUrl()).isEmpty();
    s.setIpfsApiUrl(" http://127.0.0.1:5001 ");
    assertThat(Settings.load(file).ipfsApiUrl()).contains("http://127.0.0.1:5001");
    assertThatThrownBy(() -> s.setIpfsApiUrl("ftp://node:5001"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.setIpfsApiUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.ipfsApiUrl()).contains("http://127.0.0.1:5001");
    s.setIpfsApiUrl("");
    assertThat(Settings.load(file).ipfsApiUrl()).isEmpty();
    assertThat(Settings.load(file).get(Settings.IPFS_API_URL)).isEmpty();
  }

  @Test
  void theDevnetIsNotStartedWithTheStudioUntilTheUserStartsIt() {
    Path file = dir.resolve("settings.properties");
    Settings s = Settings.load(file);
    assertThat(s.devnetAutostart()).isFalse();
    s.setDevnetAutostart(true);
    assertThat(Settings.load(file).devnetAutostart()).isTrue();
  }
}
