package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parent's side of an engine check: the command that starts the child, its environment, and how
 * every way a child can end reads as a report. The real child processes are in {@link
 * RouteCheckChildTest}.
 */
class RouteCheckTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void startsJavaFromJavaHomeWithTheSettingsAsProperties() throws IOException {
    Path java = executable(dir.resolve("jdk/bin/java"));
    Map<String, String> properties =
        EngineSetup.cuda(
                EngineRoute.INSTALLED_PYTORCH, Path.of("/opt/torch/lib"), DeviceChoice.gpu(1))
            .properties();

    List<String> command =
        RouteCheck.command(
                dir.resolve("jdk"),
                Optional.empty(),
                "a.jar:b.jar",
                properties,
                DeviceChoice.gpu(1))
            .orElseThrow();

    assertThat(command.get(0)).isEqualTo(java.toString());
    assertThat(command)
        .contains(
            "--enable-native-access=ALL-UNNAMED",
            "-Dai.djl.offline=true",
            "-DPYTORCH_LIBRARY_PATH=/opt/torch/lib",
            "-DPYTORCH_VERSION=2.7.1",
            "-DPYTORCH_FLAVOR=cu128")
        .endsWith("-cp", "a.jar:b.jar", "dev.atelier.engine.RouteCheck", "gpu:1");
  }

  @Test
  void withoutBinJavaAnAppImageStartsItsOwnLauncher() throws IOException {
    Path launcher = executable(dir.resolve("Atelier/bin/Atelier"));
    Path strippedRuntime = Files.createDirectories(dir.resolve("Atelier/lib/runtime"));

    assertThat(
            RouteCheck.command(
                strippedRuntime, Optional.of(launcher), "", Map.of(), DeviceChoice.CPU))
        .contains(List.of(launcher.toString(), RouteCheck.LAUNCHER_ARGUMENT, "cpu"));
    assertThat(
            RouteCheck.command(strippedRuntime, Optional.empty(), "", Map.of(), DeviceChoice.CPU))
        .isEmpty();
  }

  @Test
  void theChildSeesOnlyTheSetupsSettingsAndStaysOffline() {
    Map<String, String> bundled = RouteCheck.environment(Map.of());
    Map<String, String> expected = new HashMap<>();
    expected.put("PYTORCH_LIBRARY_PATH", null);
    expected.put("PYTORCH_VERSION", null);
    expected.put("PYTORCH_FLAVOR", null);
    expected.put("DJL_OFFLINE", "true");
    assertThat(bundled).isEqualTo(expected);

    Map<String, String> installed =
        RouteCheck.environment(
            EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, Path.of("/t/lib"), DeviceChoice.CPU)
                .properties());
    assertThat(installed)
        .containsEntry("PYTORCH_LIBRARY_PATH", "/t/lib")
        .containsEntry("PYTORCH_FLAVOR", "cu128")
        .containsEntry("DJL_OFFLINE", "true");
  }

  @Test
  void readsTheAnswerLineAmongOtherOutput() {
    RouteProbe.Answer answer =
        new RouteProbe.Answer("2.7.1", "cu128", "/t/lib", 1, "gpu(0)", 3e-7, "");
    ProcessRun.Outcome outcome =
        new ProcessRun.Outcome(false, 0, "Extracting jni ...\n" + answer.line() + "\n", "");

    RouteReport report = RouteCheck.read(outcome, LIMIT);

    assertThat(report).isEqualTo(new RouteReport(true, "PyTorch 2.7.1 cu128, 1 GPU", 1, ""));
    assertThat(report.summary()).isEqualTo("PyTorch 2.7.1 cu128, 1 GPU");
  }

  @Test
  void aProblemTheChildFoundIsPassedOn() {
    RouteProbe.Answer answer =
        new RouteProbe.Answer(
            "2.7.1", "cu128", "/t/lib", 0, "", 0, "The engine loaded, but it sees no GPU.");

    RouteReport report =
        RouteCheck.read(new ProcessRun.Outcome(false, 2, answer.line() + "\n", ""), LIMIT);

    assertThat(report.ok()).isFalse();
    assertThat(report.engine()).isEqualTo("PyTorch 2.7.1 cu128, no GPU");
    assertThat(report.problem()).isEqualTo("The engine loaded, but it sees no GPU.");
  }

  @Test
  void aStackTraceIsQuotedByItsTellingLines() {
    String err =
        "SLF4J: No SLF4J providers were found.\n"
            + "Exception in thread \"main\" ai.djl.engine.EngineException: Failed to load PyTorch"
            + " native library\n"
            + "\tat ai.djl.pytorch.engine.PtEngine.newInstance(PtEngine.java:90)\n"
            + "Caused by: java.lang.UnsatisfiedLinkError: /t/lib/libtorch_cuda.so: libcudart.so.12:"
            + " cannot open shared object file: No such file or directory\n"
            + "\t... 7 more\n";

    RouteReport report = RouteCheck.read(new ProcessRun.Outcome(false, 1, "", err), LIMIT);

    assertThat(report.ok()).isFalse();
    assertThat(report.problem())
        .startsWith("The engine check stopped with exit status 1: ")
        .contains("Failed to load PyTorch native library")
        .endsWith("libcudart.so.12: cannot open shared object file: No such file or directory.")
        .doesNotContain("SLF4J", "PtEngine.java");
  }

  @Test
  void aCrashIsQuotedByItsSignalAndFrame() {
    String out =
        "#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n"
            + "#  SIGSEGV (0xb) at pc=0x00007f, pid=4242, tid=4243\n#\n"
            + "# Problematic frame:\n# C  [libtorch_cuda.so+0x1234]  c10::cuda::init()\n";

    RouteReport report = RouteCheck.read(new ProcessRun.Outcome(false, 134, out, ""), LIMIT);

    assertThat(report.problem())
        .isEqualTo(
            "The engine check stopped with exit status 134: SIGSEGV (0xb) at pc=0x00007f,"
                + " pid=4242, tid=4243 / Problematic frame: / C  [libtorch_cuda.so+0x1234] "
                + " c10::cuda::init().");
  }

  @Test
  void aHangAndASilentEndAreProblemsToo() {
    assertThat(
            RouteCheck.read(
                    new ProcessRun.Outcome(true, -1, "", "loading\n"), Duration.ofSeconds(20))
                .problem())
        .isEqualTo(
            "The engine check gave no answer within 20 seconds and was stopped: loading these"
                + " libraries hangs: loading.");
    assertThat(RouteCheck.read(new ProcessRun.Outcome(false, 0, "", ""), LIMIT).problem())
        .isEqualTo("The engine check ended without an answer.");
  }

  @Test
  void theProbeComputesOnTheCpuAndRefusesAGpuTheEngineDoesNotSee() {
    RouteProbe.Answer cpu = RouteProbe.probe(DeviceChoice.CPU);

    assertThat(cpu.problem()).isEmpty();
    assertThat(cpu.version()).startsWith("2.7.1");
    assertThat(cpu.device()).isEqualTo("cpu()");
    assertThat(cpu.maxDifference()).isLessThan(1e-4);

    int gpus = EngineInfo.pytorch().getGpuCount();
    RouteProbe.Answer missing = RouteProbe.probe(DeviceChoice.gpu(gpus));
    assertThat(missing.problem())
        .startsWith("The engine loaded, but it sees ")
        .endsWith(", so it cannot run on GPU " + gpus + ".");
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
