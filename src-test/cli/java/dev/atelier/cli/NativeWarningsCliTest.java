package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's C++ core writes its warnings to the process's standard error, past Java: only a real
 * {@code atelier} process shows whether they reach the terminal.
 */
class NativeWarningsCliTest {

  @TempDir Path home;

  @Test
  void aGenerationPrintsNoNativeWarnings() throws Exception {
    Path err = home.resolve("stderr.txt");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    // The test JVM's options: native access, offline DJL, the bundled models.
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            AtelierCli.class.getName(),
            "--home",
            home.toString(),
            "generate",
            "-p",
            "waves in ocean colours",
            "--steps",
            "1",
            "-n",
            "1",
            "--seed",
            "1",
            "--out",
            home.resolve("images").toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stderr).isZero();
    assertThat(stderr).contains("Loading atelier-tiny");
    assertThat(stderr)
        .doesNotContain("AutoNonVariableTypeMode")
        .doesNotContainPattern("(?m)^\\[?W\\d{4} ");
  }
}
