package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine checks in real child Java processes: each test starts one, so they are few. One loads
 * Atelier's own CPU libraries from a folder laid out like a pip installation, through the same
 * settings an installed PyTorch gets; the other points the engine at a broken library, which must
 * fail in the child and leave this process computing.
 */
class RouteCheckChildTest {

  private static final Duration LIMIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void aPipLayoutWithTheBundledCpuLibrariesLoadsAndSeesNoGpu() throws IOException {
    EngineInfo.pytorch();
    Path bundled = Path.of(LibUtils.getLibtorchPath());
    Path lib = Files.createDirectories(dir.resolve("site-packages/torch/lib"));
    try (Stream<Path> files = Files.list(bundled)) {
      for (Path file : files.filter(RouteCheckChildTest::isTorchLibrary).toList()) {
        Files.createSymbolicLink(lib.resolve(file.getFileName()), file);
      }
    }
    assertThat(lib.resolve("libtorch.so")).exists();

    RouteReport report =
        RouteCheck.run(
            Map.of(
                EngineSetup.LIBRARY_PATH_PROPERTY,
                lib.toString(),
                EngineSetup.VERSION_PROPERTY,
                EngineRoute.TORCH_VERSION,
                EngineSetup.FLAVOR_PROPERTY,
                "cpu"),
            DeviceChoice.CPU,
            LIMIT);

    assertThat(report.problem()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.gpuCount()).isZero();
    assertThat(report.engine()).isEqualTo("PyTorch 2.7.1 cpu, no GPU");
  }

  @Test
  void aBrokenLibraryFailsInTheChildAndThisProcessStillComputes() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("torch/lib"));
    Files.write(lib.resolve("libtorch.so"), new byte[0]);

    RouteReport report =
        RouteCheck.run(
            EngineSetup.cuda(EngineRoute.INSTALLED_PYTORCH, lib, DeviceChoice.gpu(0)), LIMIT);

    assertThat(report.ok()).isFalse();
    assertThat(report.engine()).isEmpty();
    assertThat(report.problem())
        .startsWith("The engine could not load PyTorch's libraries: ")
        .contains(lib.resolve("libtorch.so").toString());
    try (NDManager manager = EngineInfo.pytorch().newBaseManager()) {
      NDArray sum = manager.create(new float[] {1, 2, 3}).sum();
      assertThat(sum.getFloat()).isEqualTo(6f);
    }
  }

  /** PyTorch's own libraries in DJL's folder, not DJL's JNI bridge, which it keeps beside them. */
  private static boolean isTorchLibrary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("lib") && name.contains(".so") && !name.contains("djl_torch");
  }
}
