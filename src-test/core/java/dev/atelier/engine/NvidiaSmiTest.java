package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU scan against fake {@code nvidia-smi} scripts: one per answer a real driver gives. */
class NvidiaSmiTest {

  @TempDir Path dir;

  @Test
  void readsTwoGpus() throws IOException {
    Path tool =
        script(
            "echo \"$@\" > " + dir.resolve("args"),
            "echo '0, NVIDIA H100 80GB HBM3, 81559, 81004, 570.86.15'",
            "echo '1, NVIDIA GeForce RTX 4090, 24564, 1200, 570.86.15'");

    GpuScan scan = new NvidiaSmi(List.of(tool.toString())).scan();

    assertThat(scan.problem()).isEmpty();
    assertThat(scan.gpus())
        .containsExactly(
            new GpuInfo(0, "NVIDIA H100 80GB HBM3", 81559, 81004, "570.86.15"),
            new GpuInfo(1, "NVIDIA GeForce RTX 4090", 24564, 1200, "570.86.15"));
    assertThat(scan.gpu(1).orElseThrow().label())
        .isEqualTo("GPU 1: NVIDIA GeForce RTX 4090 (24.0 GiB, 1.2 GiB free)");
    assertThat(Files.readString(dir.resolve("args")).strip())
        .isEqualTo(
            "--query-gpu=index,name,memory.total,memory.free,driver_version"
                + " --format=csv,noheader,nounits");
  }

  @Test
  void aDriverFailureQuotesTheToolsFirstLine() throws IOException {
    Path tool =
        script(
            "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
                + " Make sure that the latest NVIDIA driver is installed and running.\"",
            "echo",
            "exit 9");

    GpuScan scan = new NvidiaSmi(List.of(tool.toString())).scan();

    assertThat(scan.gpus()).isEmpty();
    assertThat(scan.problem().orElseThrow())
        .startsWith("The NVIDIA driver tools (nvidia-smi) failed: \"NVIDIA-SMI has failed because")
        .contains("couldn't communicate with the NVIDIA driver")
        .endsWith("Check that the NVIDIA driver is installed and loaded.");
  }

  @Test
  void aFailureWithoutOutputGivesTheExitStatus() throws IOException {
    GpuScan scan = new NvidiaSmi(List.of(script("exit 9").toString())).scan();

    assertThat(scan.problem().orElseThrow()).contains("failed (exit status 9)");
  }

  @Test
  void aToolThatHangsIsStoppedAtTheTimeLimit() throws IOException {
    Path tool = script("sleep 30", "echo '0, Late GPU, 1, 1, 1'");

    long start = System.nanoTime();
    GpuScan scan = new NvidiaSmi(List.of(tool.toString()), Duration.ofMillis(400)).scan();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(scan.gpus()).isEmpty();
    assertThat(scan.problem().orElseThrow()).contains("gave no answer within");
  }

  @Test
  void outputThatDoesNotReadIsQuoted() throws IOException {
    Path tool = script("echo '0, NVIDIA H100, 81559, 81004, 570.86.15'", "echo 'Segmentation'");

    GpuScan scan = new NvidiaSmi(List.of(tool.toString())).scan();

    assertThat(scan.gpus()).isEmpty();
    assertThat(scan.problem().orElseThrow())
        .isEqualTo(
            "The NVIDIA driver tools (nvidia-smi) answered with something Atelier cannot read:"
                + " \"Segmentation\".");
  }

  @Test
  void noToolMeansNoDriver() {
    GpuScan scan = new NvidiaSmi(List.of(dir.resolve("nvidia-smi").toString())).scan();

    assertThat(scan.problem()).contains(NvidiaSmi.NOT_FOUND);
  }

  @Test
  void aDriverWithoutGpusSaysSo() throws IOException {
    GpuScan scan = new NvidiaSmi(List.of(script("true").toString())).scan();

    assertThat(scan.problem()).contains("The NVIDIA driver is installed, but it reports no GPU.");
  }

  @Test
  void parsesUnknownMemoryAsZeroAndRejectsShortLines() {
    assertThat(NvidiaSmi.parse("2, NVIDIA A100-SXM4-40GB MIG 1g.5gb, [N/A], [N/A], 535.1"))
        .isEqualTo(new GpuInfo(2, "NVIDIA A100-SXM4-40GB MIG 1g.5gb", 0, 0, "535.1"));
    assertThat(NvidiaSmi.read("0, GPU, 10, 5").problem()).isPresent();
    assertThat(NvidiaSmi.read("x, GPU, 10, 5, 1").problem()).isPresent();
    assertThat(NvidiaSmi.read("0, GPU, ten, 5, 1").problem()).isPresent();
  }

  private Path script(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "nvidia-smi", ".sh");
    Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
