package dev.atelier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.CatalogException;
import dev.atelier.config.AppDirs;
import dev.atelier.config.Settings;
import dev.atelier.license.Licenses;
import dev.atelier.lifecycle.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudioTest {

  @TempDir Path home;
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void startsServicesInOrderOnTheGivenFolders() {
    AppDirs dirs = AppDirs.under(home);
    try (Studio studio = Studio.start(dirs, clock)) {
      assertThat(studio.running())
          .containsExactly("catalog", "timers", "wallet", "generation", "devnet");
      assertThat(studio.wallet().keystoreDir()).isEqualTo(dirs.keystores());
      assertThat(studio.wallet().autoLock()).isEqualTo(Settings.DEFAULT_WALLET_AUTO_LOCK);
      assertThat(dirs.catalogFile()).exists();
      assertThat(studio.catalog().database().schemaVersion()).isPositive();
      studio.settings().setTheme("dark");
    }
    try (Studio again = Studio.start(dirs, clock)) {
      assertThat(again.settings().theme()).isEqualTo("dark");
    }
  }

  @Test
  void builtInLicensesAreInTheCatalogFromTheStart() {
    AppDirs dirs = AppDirs.under(home);
    try (Studio studio = Studio.start(dirs, clock)) {
      assertThat(studio.licenses().list()).containsExactlyInAnyOrderElementsOf(Licenses.builtIns());
    }
    try (Studio again = Studio.start(dirs, clock)) {
      assertThat(again.licenses().list()).hasSameSizeAs(Licenses.builtIns());
    }
  }

  @Test
  void stopReleasesTheCatalogFile() throws Exception {
    AppDirs dirs = AppDirs.under(home);
    Studio.start(dirs, clock).close();
    // After a clean stop the write-ahead log is folded back into the file.
    assertThat(dirs.data().resolve("catalog.db-wal"))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(Files.size(p)).isZero());
  }

  @Test
  void unreadableCatalogStopsTheStartWithAClearMessage() throws Exception {
    AppDirs dirs = AppDirs.under(home).ensureExist();
    Files.writeString(dirs.catalogFile(), "not sqlite ".repeat(100));
    assertThatThrownBy(() -> Studio.start(dirs, clock))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("Could not start catalog: The file")
        .hasMessageContaining("not an Atelier catalog")
        .hasCauseInstanceOf(CatalogException.class);
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(AppInfo.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }
}
