package dev.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppDirsTest {

  private static final Path HOME = Path.of("/home/ada");

  @Test
  void linuxDefaultsFollowXdg() {
    AppDirs d = AppDirs.resolve(null, Map.of(), "Linux", HOME);
    assertThat(d.config()).isEqualTo(Path.of("/home/ada/.config/atelier"));
    assertThat(d.data()).isEqualTo(Path.of("/home/ada/.local/share/atelier"));
    assertThat(d.cache()).isEqualTo(Path.of("/home/ada/.cache/atelier"));
    assertThat(d.catalogFile()).isEqualTo(Path.of("/home/ada/.local/share/atelier/catalog.db"));
  }

  @Test
  void workFoldersLieInTheDataFolder() {
    AppDirs d = AppDirs.under(Path.of("/portable"));
    assertThat(d.models()).isEqualTo(Path.of("/portable/data/models"));
    assertThat(d.images()).isEqualTo(Path.of("/portable/data/images"));
    assertThat(d.variants()).isEqualTo(Path.of("/portable/data/variants"));
    assertThat(d.queueFile()).isEqualTo(Path.of("/portable/data/queue.json"));
    assertThat(d.batches()).isEqualTo(Path.of("/portable/data/batches"));
    assertThat(d.devnet()).isEqualTo(Path.of("/portable/data/devnet"));
  }

  @Test
  void linuxHonoursXdgVariablesButIgnoresRelativeOnes() {
    AppDirs d =
        AppDirs.resolve(
            null,
            Map.of(
                "XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "relative/data", "XDG_CACHE_HOME", ""),
            "Linux",
            HOME);
    assertThat(d.config()).isEqualTo(Path.of("/cfg/atelier"));
    assertThat(d.data()).isEqualTo(Path.of("/home/ada/.local/share/atelier"));
    assertThat(d.cache()).isEqualTo(Path.of("/home/ada/.cache/atelier"));
  }

  @Test
  void macUsesLibraryFolders() {
    AppDirs d = AppDirs.resolve(null, Map.of(), "Mac OS X", HOME);
    assertThat(d.data()).isEqualTo(Path.of("/home/ada/Library/Application Support/Atelier"));
    assertThat(d.cache()).isEqualTo(Path.of("/home/ada/Library/Caches/Atelier"));
  }

  @Test
  void windowsUsesAppData() {
    AppDirs d =
        AppDirs.resolve(null, Map.of("APPDATA", "/r", "LOCALAPPDATA", "/l"), "Windows 11", HOME);
    assertThat(d.config()).isEqualTo(Path.of("/r/Atelier"));
    assertThat(d.data()).isEqualTo(Path.of("/l/Atelier/Data"));
  }

  @Test
  void overridePropertyWinsOverEnvironmentAndConvention() {
    AppDirs byEnv = AppDirs.resolve(null, Map.of("ATELIER_HOME", "/portable"), "Linux", HOME);
    assertThat(byEnv.data()).isEqualTo(Path.of("/portable/data"));

    AppDirs byProp =
        AppDirs.resolve("/tests", Map.of("ATELIER_HOME", "/portable"), "Windows 11", HOME);
    assertThat(byProp.config()).isEqualTo(Path.of("/tests/config"));
    assertThat(byProp.data()).isEqualTo(Path.of("/tests/data"));
    assertThat(byProp.cache()).isEqualTo(Path.of("/tests/cache"));
  }

  @Test
  void ensureExistCreatesAllThree(@TempDir Path tmp) {
    AppDirs d = AppDirs.under(tmp.resolve("a b")).ensureExist();
    assertThat(d.config()).isDirectory();
    assertThat(d.data()).isDirectory();
    assertThat(d.cache()).isDirectory();
    assertThat(Files.exists(d.catalogFile())).isFalse();
  }
}
