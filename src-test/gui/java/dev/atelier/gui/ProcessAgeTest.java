package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcessAgeTest {

  /** A stat line whose command name holds spaces and a ')' (fields after it: state = field 3). */
  private static String statLine(long startTicks) {
    StringBuilder line = new StringBuilder("4242 (Atelier (x) y) S");
    for (int field = 4; field <= 21; field++) {
      line.append(' ').append(field * 10);
    }
    line.append(' ').append(startTicks); // field 22: starttime
    for (int field = 23; field <= 52; field++) {
      line.append(" 0");
    }
    return line.append('\n').toString();
  }

  @Test
  void theAgeIsUptimeLessTheStartInHundredthsOfASecond() {
    assertThat(ProcessAge.fromProc(statLine(4_244_000), "42441.23 80000.00\n")).isEqualTo(1230);
    assertThat(ProcessAge.fromProc(statLine(4_244_123), "42441.23 80000.00\n")).isZero();
  }

  @Test
  void theCpuTimeIsUserAndSystemTicksInHundredthsOfASecond() {
    // statLine gives field 14 (utime) 140 ticks and field 15 (stime) 150.
    assertThat(ProcessAge.cpuFromProc(statLine(1))).isEqualTo(2900);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void onLinuxTheCpuTimeAgreesWithTheJvmsOwn() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long before = os.getProcessCpuTime() / 1_000_000;
    long cpu = ProcessAge.cpuMillis().orElseThrow();
    long after = os.getProcessCpuTime() / 1_000_000;
    // The kernel's figure counts whole ticks of 10 ms, per thread.
    assertThat(cpu).isBetween(before - 20 * Runtime.getRuntime().availableProcessors() - 50, after);
  }

  @Test
  void aLineNotInTheKernelsFormIsRefused() {
    assertThatThrownBy(() -> ProcessAge.fromProc("4242 Atelier S 1 2 3", "1.00 1.00"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessAge.fromProc("4242 (Atelier) S 1 2 3", "1.00 1.00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Too few fields");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void onLinuxItAgreesWithTheJvmsOwnUptime() throws IOException {
    long jvm = ManagementFactory.getRuntimeMXBean().getUptime();
    long age =
        ProcessAge.fromProc(
            Files.readString(Path.of("/proc/self/stat")),
            Files.readString(Path.of("/proc/uptime")));
    long jvmAfter = ManagementFactory.getRuntimeMXBean().getUptime();
    // The process starts a little before its JVM (the java launcher's own work); the clocks tick
    // in hundredths. ProcessHandle's start instant can be up to a second late here.
    assertThat(age).isBetween(jvm - 20, jvmAfter + 500);
    assertThat(ProcessAge.millis()).hasValueSatisfying(m -> assertThat(m).isGreaterThan(0));
  }
}
