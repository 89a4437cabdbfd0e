package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command that starts the studio again; nothing is started here. */
class RestartTest {

  private static final Restart.Launch LAUNCH =
      new Restart.Launch(
          Path.of("/opt/jdk"),
          List.of("--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true"),
          "/app/gui.jar:/app/core.jar",
          "dev.atelier.gui.Main",
          List.of("--theme=dark"),
          false);

  @Test
  void theProgramAndArgumentsTheSystemReportsAreUsedAsTheyAre() {
    var info =
        new Info(
            Optional.of("/opt/atelier/bin/Atelier"),
            Optional.of(new String[] {"--screen=settings"}));

    assertThat(Restart.command(info, LAUNCH))
        .containsExactly("/opt/atelier/bin/Atelier", "--screen=settings");
  }

  @Test
  void aJavaStartedWithoutArgumentsIsStartedAgainWithout() {
    var info = new Info(Optional.of("/usr/bin/java"), Optional.of(new String[0]));

    assertThat(Restart.command(info, LAUNCH)).containsExactly("/usr/bin/java");
  }

  @Test
  void withoutTheSystemsWordTheCommandIsBuiltFromThisJava() {
    var info = new Info(Optional.of("/usr/bin/java"), Optional.empty());

    assertThat(Restart.command(info, LAUNCH))
        .containsExactly(
            Path.of("/opt/jdk/bin/java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Dai.djl.offline=true",
            "-cp",
            "/app/gui.jar:/app/core.jar",
            "dev.atelier.gui.Main",
            "--theme=dark");
  }

  @Test
  void onWindowsItIsJavaExeAndWithoutAClassPathThereIsNoCpOption() {
    var launch =
        new Restart.Launch(
            Path.of("C:/Atelier/runtime"), List.of(), "", "dev.atelier.gui.Main", List.of(), true);

    assertThat(Restart.command(new Info(Optional.empty(), Optional.empty()), launch))
        .containsExactly(
            Path.of("C:/Atelier/runtime").resolve("bin").resolve("java.exe").toString(),
            "dev.atelier.gui.Main");
  }

  @Test
  void thisProcessHasACommandThatStartsJavaOrTheLauncherWithItsMainClass() {
    List<String> command = Restart.commandForThisProcess(List.of("--screen=settings"));

    assertThat(command).isNotEmpty();
    assertThat(Path.of(command.getFirst()).getFileName().toString()).startsWith("java");
  }

  /** What the operating system reports of a process. */
  private record Info(Optional<String> command, Optional<String[]> arguments)
      implements ProcessHandle.Info {
    @Override
    public Optional<String> commandLine() {
      return Optional.empty();
    }

    @Override
    public Optional<Instant> startInstant() {
      return Optional.empty();
    }

    @Override
    public Optional<Duration> totalCpuDuration() {
      return Optional.empty();
    }

    @Override
    public Optional<String> user() {
      return Optional.empty();
    }
  }
}
