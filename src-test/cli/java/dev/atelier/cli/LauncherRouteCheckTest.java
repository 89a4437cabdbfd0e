package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.engine.RouteCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A packaged runtime without {@code bin/java} runs the engine's separate check by starting its own
 * launcher with {@link RouteCheck#LAUNCHER_ARGUMENT}: the command line's main class must then run
 * the check, and only the check. Started here as a real child process on this test's class path.
 */
class LauncherRouteCheckTest {

  @Test
  void theLaunchersMainRunsTheRouteCheckAndNothingElse() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dai.djl.offline=true",
                    "-cp",
                    System.getProperty("java.class.path"),
                    AtelierCli.class.getName(),
                    RouteCheck.LAUNCHER_ARGUMENT,
                    "cpu"))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .as("the check's one answer line, and no command-line usage")
        .contains("atelier-route-check {")
        .contains("\"problem\":\"\"")
        .doesNotContain("Usage:");
  }
}
