package dev.atelier.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.sd.SdConfig;
import dev.atelier.diffusion.sd.SdModelImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SD bench's machinery on the tiny traced TorchScript fixture: every phase runs and is timed,
 * and a UNet that is not SD 1.5's gets no operation count (its speed cannot be put against the GEMM
 * peak). The full-size figures come from {@code atelier bench --sd15}, run by hand.
 */
class SdBenchTest {

  static final Path FIXTURE = Path.of(System.getProperty("atelier.fixtures"), "sd-tiny", "model");

  @TempDir Path dir;

  @Test
  void theTorchScriptRouteIsMeasuredPhaseByPhase() throws IOException {
    Path model = dir.resolve("sd-tiny");
    Files.createDirectories(model);
    try (Stream<Path> files = Files.list(FIXTURE)) {
      for (Path f : files.toList()) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
    }
    SdModelImport.write(
        model,
        "sd-tiny",
        "1",
        "CC0-1.0",
        SdConfig.sd15(),
        new GenerationDefaults("ddim", 4, 5.0, 64, 64));
    SdBench.Figures f = SdBench.torchScriptRoute(model, 2);
    assertThat(f.route()).contains("sd-tiny");
    assertThat(f.unetFlopsPerImage()).isEqualTo(OptionalLong.empty());
    assertThat(f.gflops(1)).isEmpty();
    for (SdBench.Timing t : new SdBench.Timing[] {f.unetBatch1(), f.unetBatch2()}) {
      assertThat(t.runs()).isEqualTo(2);
      assertThat(t.bestSeconds()).isPositive().isLessThanOrEqualTo(t.meanSeconds());
    }
    assertThat(f.text().runs()).isEqualTo(3);
    assertThat(f.decode().meanSeconds()).isPositive();
    assertThat(f.peakMiB()).isGreaterThanOrEqualTo(f.loadedMiB());

    String words = SdBench.describe(f, new GemmPeak.Result(2048, 0.5));
    assertThat(words)
        .contains("UNet step, batch 2")
        .contains("not SD 1.5's UNet")
        .contains("VAE decode");
    assertThat(SdBench.compare(f, f)).contains("UNet batch 1 1.00");
  }

  @Test
  void theUnetSpeedIsAFractionOfTheGemmPeak() {
    SdBench.Timing second = new SdBench.Timing(1, 2.0, 2.0, 100);
    SdBench.Timing fourth = new SdBench.Timing(1, 4.0, 4.0, 200);
    SdBench.Figures f =
        new SdBench.Figures(
            "x", 1, 10, 20, 30, second, second, fourth, second, OptionalLong.of(100_000_000_000L));
    // 100 GFLOP in 2 s: 50 GFLOP/s; batch 2 in 4 s: 50 GFLOP/s; peak 2·2048³ / 0.1718 s ≈ 100.
    assertThat(f.gflops(1).getAsDouble()).isEqualTo(50.0);
    assertThat(f.gflops(2).getAsDouble()).isEqualTo(50.0);
    assertThat(f.peakMiB()).isEqualTo(200);
    GemmPeak.Result peak = new GemmPeak.Result(2048, 2.0 * 2048 * 2048 * 2048 / 100e9);
    assertThat(SdBench.describe(f, peak)).contains("50.0 GFLOP/s = 0.50 of GEMM peak");
  }
}
