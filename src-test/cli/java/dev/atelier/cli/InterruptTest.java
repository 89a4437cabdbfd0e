package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl+C during training stops at a step boundary and keeps a checkpoint to resume from. */
class InterruptTest {

  @TempDir Path home;

  @Test
  @Timeout(240)
  void ctrlCDuringTrainingKeepsACheckpoint() throws Exception {
    Path work = home.resolve("work");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                AtelierCli.class.getName(),
                "--home",
                home.toString(),
                "train",
                "--out",
                home.resolve("model").toString(),
                "--work",
                work.toString(),
                "--steps",
                "500",
                "--batch",
                "2",
                "--dataset-size",
                "36",
                "--checkpoint-every",
                "1000")
            .redirectErrorStream(true)
            .start();
    StringBuilder output = new StringBuilder();
    InputStream in = child.getInputStream();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = in.read(buffer)) > 0) {
      output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      if (output.indexOf("step 3/500") >= 0) {
        break;
      }
    }
    assertThat(output).as("training started").contains("step 3/500");
    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
    child.getInputStream().transferTo(OutputStream.nullOutputStream());
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(ExitCodes.CANCELLED);
    String info = Files.readString(work.resolve("checkpoint.json"));
    int step = Integer.parseInt(info.replaceAll("(?s).*\"step\" : (\\d+).*", "$1"));
    assertThat(step).as("checkpoint written on Ctrl+C").isBetween(3, 499);
    assertThat(home.resolve("model/model.json")).doesNotExist();
  }
}
