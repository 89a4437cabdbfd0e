package dev.atelier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.chain.AnvilBinary.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which the Anvil executable is looked for, with stand-in executables. */
class AnvilBinaryTest {

  @TempDir Path dir;

  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();
  private Path explicit;
  private Path fromEnvironment;
  private Path packagedFolder;
  private Path tools;
  private Path onPath;

  @BeforeEach
  void everyPlaceHoldsAnAnvil() throws IOException {
    explicit = executable(dir.resolve("explicit/anvil"));
    fromEnvironment = executable(dir.resolve("env/anvil"));
    packagedFolder = dir.resolve("opt/atelier/lib/app/anvil");
    executable(packagedFolder.resolve("anvil"));
    tools = dir.resolve("tools-js");
    executable(tools.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
    onPath = executable(dir.resolve("path-bin/anvil"));
    properties.put("atelier.anvil", explicit.toString());
    environment.put("ATELIER_ANVIL", fromEnvironment.toString());
    properties.put("atelier.anvil.packaged", packagedFolder.toString());
    properties.put("atelier.tools", tools.toString());
    environment.put(
        "PATH", dir.resolve("empty-bin") + java.io.File.pathSeparator + onPath.getParent());
  }

  private Path locate() {
    return AnvilBinary.locate(linux());
  }

  private Sources linux() {
    return new Sources(properties::get, environment::get, "Linux", "amd64");
  }

  @Test
  void thePropertyComesFirstThenTheVariableThenThePackagedCopyThenToolsThenThePath() {
    assertThat(locate()).isEqualTo(explicit);
    properties.remove("atelier.anvil");
    assertThat(locate()).isEqualTo(fromEnvironment);
    environment.remove("ATELIER_ANVIL");
    assertThat(locate()).isEqualTo(packagedFolder.resolve("anvil"));
    properties.remove("atelier.anvil.packaged");
    assertThat(locate())
        .isEqualTo(tools.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
    properties.remove("atelier.tools");
    assertThat(locate()).isEqualTo(onPath);
    environment.remove("PATH");
    assertThatThrownBy(this::locate)
        .isInstanceOf(ChainException.class)
        .hasMessageStartingWith("No Anvil binary found: set ATELIER_ANVIL");
  }

  @Test
  void blankSettingsCountAsUnset() {
    properties.put("atelier.anvil", " ");
    environment.put("ATELIER_ANVIL", "");
    assertThat(locate()).isEqualTo(packagedFolder.resolve("anvil"));
  }

  @Test
  void aPackagedFolderWithoutAnvilIsPassedOverAndNamedWhenNothingElseIsFound() {
    properties.remove("atelier.anvil");
    environment.remove("ATELIER_ANVIL");
    properties.put("atelier.anvil.packaged", dir.resolve("nowhere").toString());
    assertThat(locate())
        .isEqualTo(tools.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
    properties.remove("atelier.tools");
    environment.remove("PATH");
    assertThatThrownBy(this::locate)
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("the installed copy in " + dir.resolve("nowhere") + " is missing");
  }

  @Test
  void anExplicitPathOrToolsFolderWithoutAnvilFailsNamingItRatherThanFallingBack()
      throws IOException {
    properties.put("atelier.anvil", dir.resolve("no-anvil").toString());
    assertThatThrownBy(this::locate)
        .isInstanceOf(ChainException.class)
        .hasMessageContaining(dir.resolve("no-anvil") + " is missing or not executable")
        .hasMessageContaining("npm ci");

    properties.remove("atelier.anvil");
    Path notExecutable = Files.writeString(dir.resolve("plain-file"), "#!/bin/sh\n");
    environment.put("ATELIER_ANVIL", notExecutable.toString());
    assertThatThrownBy(this::locate).hasMessageContaining(notExecutable + " is missing");

    environment.remove("ATELIER_ANVIL");
    properties.remove("atelier.anvil.packaged");
    properties.put("atelier.tools", dir.resolve("empty-tools").toString());
    assertThatThrownBy(this::locate)
        .hasMessageContaining(
            dir.resolve("empty-tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
                + " is missing");
  }

  @Test
  void theNpmPackageAndExecutableNameFollowTheOsAndCpu() {
    assertThat(new Sources(k -> null, k -> null, "Linux", "amd64").npmBinary())
        .isEqualTo("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    assertThat(new Sources(k -> null, k -> null, "Linux", "aarch64").npmBinary())
        .isEqualTo("node_modules/@foundry-rs/anvil-linux-arm64/bin/anvil");
    assertThat(new Sources(k -> null, k -> null, "Mac OS X", "aarch64").npmBinary())
        .isEqualTo("node_modules/@foundry-rs/anvil-darwin-arm64/bin/anvil");
    assertThat(new Sources(k -> null, k -> null, "Mac OS X", "x86_64").npmBinary())
        .isEqualTo("node_modules/@foundry-rs/anvil-darwin-amd64/bin/anvil");
    assertThat(new Sources(k -> null, k -> null, "Windows 11", "amd64").npmBinary())
        .isEqualTo("node_modules/@foundry-rs/anvil-win32-amd64/bin/anvil.exe");
  }

  @Test
  void onWindowsThePackagedCopyIsAnvilExe() throws IOException {
    properties.remove("atelier.anvil");
    environment.remove("ATELIER_ANVIL");
    Path exe = executable(packagedFolder.resolve("anvil.exe"));
    assertThat(
            AnvilBinary.locate(
                new Sources(properties::get, environment::get, "Windows 11", "amd64")))
        .isEqualTo(exe);
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
