package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device choice against the real engine on this machine, which has the bundled CPU libraries
 * and no GPU: a chosen GPU falls back to the CPU with the reason kept.
 */
class EngineInfoDeviceTest {

  @AfterEach
  void backToCpu() {
    EngineInfo.useDevice(DeviceChoice.CPU);
  }

  @Test
  void cpuChoiceRunsOnTheCpuWithNoFallback() {
    EngineInfo.useDevice(DeviceChoice.CPU);
    EngineInfo info = EngineInfo.detect();
    assertThat(info.device()).isEqualTo("cpu()");
    assertThat(info.fallback()).isEmpty();
    assertThat(info.route()).isEqualTo(EngineRoute.BUNDLED_CPU);
    assertThat(info.flavor()).isEqualTo("cpu");
    assertThat(info.deviceLabel()).isEqualTo("CPU");
    assertThat(info.summary()).matches("PyTorch 2\\.7\\.1 on CPU \\(\\d+ threads?\\)");
  }

  @Test
  void chosenGpuFallsBackToTheCpuWithTheReason() {
    EngineInfo.useDevice(DeviceChoice.gpu(0));
    EngineInfo info = EngineInfo.detect();
    assertThat(info.gpuCount()).isZero();
    assertThat(info.onGpu()).isFalse();
    assertThat(EngineInfo.deviceInUse()).isEqualTo(Device.cpu());
    assertThat(EngineInfo.chosenDevice()).isEqualTo(DeviceChoice.gpu(0));
    assertThat(info.fallback()).contains("GPU 0 was chosen but the engine found no GPU");
    assertThat(info.summary())
        .matches(
            "PyTorch 2\\.7\\.1 on CPU \\(\\d+ threads?\\) — GPU 0 was chosen but the engine found"
                + " no GPU");
  }

  @Test
  void managersLandOnTheDeviceInUseAndRoundTripJavaArrays() {
    EngineInfo.useDevice(DeviceChoice.gpu(1));
    try (NDManager m = EngineInfo.newManager()) {
      assertThat(m.getDevice()).isEqualTo(Device.cpu());
      NDArray noise = m.create(new float[] {1f, -2f, 3.5f, 0f}, new Shape(2, 2));
      assertThat(noise.getDevice()).isEqualTo(m.getDevice());
      assertThat(noise.mul(2f).toFloatArray()).containsExactly(2f, -4f, 7f, 0f);
    }
  }

  @Test
  void fallbackReasonCountsTheGpusFound() {
    assertThat(EngineInfo.fallbackReason(DeviceChoice.CPU, 0)).isEmpty();
    assertThat(EngineInfo.fallbackReason(DeviceChoice.gpu(0), 1)).isEmpty();
    assertThat(EngineInfo.fallbackReason(DeviceChoice.gpu(1), 1))
        .contains("GPU 1 was chosen but the engine found only 1 GPU");
    assertThat(EngineInfo.fallbackReason(DeviceChoice.gpu(3), 2))
        .contains("GPU 3 was chosen but the engine found only 2 GPUs");
  }

  @Test
  void summaryNamesACudaRouteAndItsGpu() {
    EngineInfo gpu =
        new EngineInfo(
            "PyTorch",
            "2.7.1",
            "gpu(0)",
            1,
            2,
            EngineRoute.INSTALLED_PYTORCH,
            "cu128",
            "GPU 0 (compute 9.0, 79.6 GiB)",
            java.util.Optional.empty());
    assertThat(gpu.summary())
        .isEqualTo("PyTorch 2.7.1 cu128 (installed PyTorch) on GPU 0 (compute 9.0, 79.6 GiB)");
  }
}
