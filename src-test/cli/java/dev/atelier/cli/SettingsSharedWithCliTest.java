package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.chain.Network;
import dev.atelier.config.AppDirs;
import dev.atelier.config.SavedNetworks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio holds its settings while the command line, in another process, changes them: neither
 * loses the other's networks, and the keys in their URLs never reach the settings file.
 */
class SettingsSharedWithCliTest {

  static final String CHILD_KEY = "childKey0123456789abcdef";
  static final String STUDIO_KEY = "studioKey0123456789abcdef";

  @TempDir Path home;

  /** {@code atelier --home HOME ARGS} in a JVM of its own; returns what it printed. */
  private String atelierProcess(String... args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                AtelierCli.class.getName(),
                "--home",
                home.toString()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  @Timeout(300)
  void aNetworkAddedByTheCommandLineWhileTheStudioRunsIsKeptEitherWay() throws Exception {
    AppDirs dirs = AppDirs.under(home);
    try (Studio studio = Studio.start(dirs, Clock.systemUTC())) {
      SavedNetworks networks = studio.networks();
      studio.settings().setTheme("dark");
      networks.put(new Network("Studio net", 5, "https://studio.example/v2/" + STUDIO_KEY));

      // The other process adds its network while the studio keeps changing its own settings.
      Thread studioChanges =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 20; i++) {
                      networks.put(new Network("Studio " + i, 100 + i, "http://127.0.0.1:" + i));
                    }
                  });
      String added =
          atelierProcess(
              "network",
              "add",
              "Child net",
              "--chain-id",
              "7",
              "--rpc-url",
              "https://child.example/v3/" + CHILD_KEY,
              "--no-check");
      studioChanges.join();
      assertThat(added).contains("Added Child net").doesNotContain(CHILD_KEY);

      // The studio, still holding its objects, sees the child's network with its whole URL ...
      assertThat(networks.find("Child net").orElseThrow().rpcUrl())
          .isEqualTo("https://child.example/v3/" + CHILD_KEY);
      // ... and a change it makes now keeps it.
      networks.put(new Network("Late studio net", 9, "http://127.0.0.1:9"));
      studio.settings().setWalletAutoLock(Duration.ofMinutes(12));
    }

    String listed = atelierProcess("network", "list");
    assertThat(listed)
        .contains("Child net", "Studio net", "Late studio net", "Studio 0", "Studio 19")
        .contains("https://child.example/…")
        .doesNotContain(CHILD_KEY)
        .doesNotContain(STUDIO_KEY);
    assertThat(atelierProcess("config", "get", "ui.theme")).contains("dark");
    assertThat(atelierProcess("config", "get", "wallet.auto-lock-minutes")).contains("12");

    String settings =
        new String(Files.readAllBytes(dirs.settingsFile()), StandardCharsets.ISO_8859_1);
    assertThat(settings).doesNotContain(CHILD_KEY).doesNotContain(STUDIO_KEY);
  }

  @Test
  void anUnreadableUrlIsSaidWithWhatToDo() throws IOException {
    CliRun added =
        CliRun.of(
            home,
            "",
            "network",
            "add",
            "Keyed",
            "--chain-id",
            "7",
            "--rpc-url",
            "https://keyed.example/v3/" + CHILD_KEY,
            "--no-check");
    assertThat(added.code()).as(added.err()).isZero();
    Files.delete(AppDirs.under(home).secrets().resolve("key"));

    assertThat(CliRun.of(home, "", "network", "list").out())
        .containsPattern("Keyed +7 +\\(cannot be read, add it again\\)")
        .contains("https://keyed.example/…")
        .doesNotContain(CHILD_KEY);
    CliRun imported =
        CliRun.of(
            home,
            "",
            "collection",
            "import",
            "0x000000000000000000000000000000000000bEEF",
            "--network",
            "Keyed");
    assertThat(imported.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(imported.err())
        .contains("The RPC URL of Keyed (https://keyed.example/…) is kept encrypted")
        .contains("atelier network add \"Keyed\" --rpc-url URL");
  }
}
