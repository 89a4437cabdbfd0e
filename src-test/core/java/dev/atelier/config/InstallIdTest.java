package dev.atelier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallIdTest {

  @TempDir Path home;

  @Test
  void isMadeOnceAndThenReadBack() throws Exception {
    Path data = home.resolve("data");
    byte[] id = InstallId.loadOrCreate(data);
    assertThat(id).hasSize(InstallId.LENGTH);
    assertThat(Files.readString(data.resolve(InstallId.FILE), StandardCharsets.US_ASCII))
        .isEqualTo(HexFormat.of().formatHex(id) + "\n");
    assertThat(InstallId.loadOrCreate(data)).isEqualTo(id);
    try (var files = Files.list(data)) {
      assertThat(files).containsExactly(data.resolve(InstallId.FILE)); // no temporary left
    }
  }

  @Test
  void differsPerInstall() {
    assertThat(InstallId.loadOrCreate(home.resolve("a")))
        .isNotEqualTo(InstallId.loadOrCreate(home.resolve("b")));
  }

  @Test
  void aDamagedFileIsReportedAndLeftAlone() throws Exception {
    Path file = home.resolve(InstallId.FILE);
    Files.writeString(file, "not an id\n");
    assertThatThrownBy(() -> InstallId.loadOrCreate(home))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("32 hex digits");
    assertThat(Files.readString(file)).isEqualTo("not an id\n");
  }
}
