package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.MemoryEstimate;
import dev.atelier.diffusion.PromptReader;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.SdArchitecture;
import dev.atelier.diffusion.sd.SdMemory;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import dev.atelier.diffusion.tiny.TestModels;
import dev.atelier.diffusion.tiny.TinyDiffusionModel;
import dev.atelier.engine.GpuMemoryException;
import dev.atelier.task.CancellationToken;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU memory before and during a run, without a GPU: the check against an injected free figure, and
 * the engine's out-of-memory failure injected into the real denoising path of a real run.
 */
class RunMemoryTest {

  /** PyTorch 2.x's CUDA allocator message, as the engine passes it on. */
  static final String CUDA_OOM =
      "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.10 GiB of"
          + " which 1.12 GiB is free. Of the allocated memory 76.50 GiB is allocated by PyTorch";

  static final MemoryEstimate SD15_512 =
      SdMemory.estimate(
          new SdArchitecture(
              UNetConfig.sd15(),
              VaeConfig.sd15(),
              ClipTextConfig.sd15(),
              NoiseSchedule.scaledLinear(1000, 0.00085, 0.012)),
          512,
          512,
          DataType.FLOAT16);

  @TempDir static Path dir;
  static TinyDiffusionModel tiny;

  @BeforeAll
  static void load() {
    tiny = TinyDiffusionModel.load(TestModels.smallModel(dir, 3));
  }

  @AfterAll
  static void close() {
    tiny.close();
  }

  private static GenerationRequest request(int variants, int side) {
    return new GenerationRequest(
        "sunset in ember colours", "", 42, SamplerKind.DDIM, 6, 3.0, side, side, variants, 0);
  }

  @Test
  void outOfMemoryDuringTheRunBecomesATypedFailureWithAFittingBatch() {
    AtomicInteger calls = new AtomicInteger();
    DiffusionModel failing =
        new Faulty(tiny, Optional.empty(), () -> calls.incrementAndGet() == 2, CUDA_OOM);
    GpuMemoryException e =
        catchThrowableOfType(
            GpuMemoryException.class,
            () ->
                Pipeline.generate(
                    failing, request(4, 32), Pipeline.Listener.NONE, CancellationToken.NONE));
    assertThat(calls).hasValue(2);
    assertThat(e.reason()).isEqualTo(GpuMemoryException.Reason.OUT_OF_MEMORY);
    assertThat(e.batch()).isEqualTo(4);
    assertThat(e.fittingBatch()).isEqualTo(2); // no free figure on the CPU: half the batch
    assertThat(e.getCause()).isInstanceOf(EngineException.class).hasMessage(CUDA_OOM);
    assertThat(e.getMessage()).contains("ran out of memory making 4 images at 32×32");
    assertThat(e.getMessage()).contains("a batch of 2 would fit");
  }

  @Test
  void otherEngineFailuresPassThroughUnchanged() {
    DiffusionModel failing =
        new Faulty(tiny, Optional.empty(), () -> true, "CUDA error: an illegal memory access");
    assertThatThrownBy(
            () ->
                Pipeline.generate(
                    failing, request(1, 32), Pipeline.Listener.NONE, CancellationToken.NONE))
        .isExactlyInstanceOf(EngineException.class)
        .hasMessageContaining("illegal memory access");
  }

  @Test
  void aRunThatWillNotFitIsRefusedBeforeItStartsNamingTheBatchThatFits() {
    long free = SD15_512.bytes(2, true);
    RunMemory memory =
        new RunMemory(
            new Faulty(tiny, Optional.of(SD15_512), () -> false, ""),
            requestAt512(16),
            Device.gpu(0),
            d -> OptionalLong.of(free));
    GpuMemoryException e = catchThrowableOfType(GpuMemoryException.class, memory::check);
    assertThat(e.reason()).isEqualTo(GpuMemoryException.Reason.WILL_NOT_FIT);
    assertThat(e.neededBytes()).hasValue(SD15_512.bytes(16, true));
    assertThat(e.freeBytes()).hasValue(free);
    assertThat(e.fittingBatch()).isEqualTo(SD15_512.fittingBatch(free, true)).isBetween(2, 15);
    assertThat(e.device()).isEqualTo("GPU 0");
    assertThat(e.getMessage()).startsWith("16 images at 512×512 need about ").contains("on GPU 0");
  }

  @Test
  void aRunThatFitsOrRunsOnTheCpuIsNotChecked() {
    DiffusionModel model = new Faulty(tiny, Optional.of(SD15_512), () -> false, "");
    new RunMemory(model, requestAt512(1), Device.gpu(0), d -> OptionalLong.of(80L << 30)).check();
    new RunMemory(model, requestAt512(16), Device.cpu(), d -> OptionalLong.of(1)).check();
  }

  @Test
  void tooLittleFreeForOneImageSaysSo() {
    RunMemory memory =
        new RunMemory(
            new Faulty(tiny, Optional.of(SD15_512), () -> false, ""),
            requestAt512(1),
            Device.gpu(0),
            d -> OptionalLong.of(1L << 30));
    GpuMemoryException e = catchThrowableOfType(GpuMemoryException.class, memory::check);
    assertThat(e.fittingBatch()).isZero();
    assertThat(e.getMessage()).contains("not even one image of this size fits");
  }

  @Test
  void outOfMemoryWithAFreeFigureUsesTheEstimateBelowTheFailedBatch() {
    RunMemory memory =
        new RunMemory(
            new Faulty(tiny, Optional.of(SD15_512), () -> false, ""),
            requestAt512(8),
            Device.gpu(0),
            d -> OptionalLong.of(80L << 30));
    GpuMemoryException e = (GpuMemoryException) memory.translate(new EngineException(CUDA_OOM));
    assertThat(e.fittingBatch()).isEqualTo(7); // the estimate fits more; the run showed 8 did not
    RuntimeException other = new IllegalStateException("not memory");
    assertThat(memory.translate(other)).isSameAs(other);
  }

  private static GenerationRequest requestAt512(int variants) {
    return new GenerationRequest(
        "a lighthouse", "", 1, SamplerKind.DDIM, 20, 7.5, 512, 512, variants, 0);
  }

  /** The tiny model whose denoiser throws the engine's own exception when {@code fail} says so. */
  private record Faulty(
      DiffusionModel inner,
      Optional<MemoryEstimate> estimate,
      java.util.function.BooleanSupplier fail,
      String message)
      implements DiffusionModel {

    @Override
    public Denoiser denoiser() {
      return wrap(inner.denoiser());
    }

    @Override
    public Denoiser denoiser(CancellationToken cancel) {
      return wrap(inner.denoiser(cancel));
    }

    private Denoiser wrap(Denoiser d) {
      return new Denoiser() {
        @Override
        public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
          if (fail.getAsBoolean()) {
            throw new EngineException(message);
          }
          return d.predictNoise(x, timesteps, conditioning);
        }

        @Override
        public NoiseSchedule schedule() {
          return d.schedule();
        }
      };
    }

    @Override
    public Optional<MemoryEstimate> memoryEstimate(int width, int height) {
      return estimate;
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public String weightsSha256() {
      return inner.weightsSha256();
    }

    @Override
    public String trainingSetRoot() {
      return inner.trainingSetRoot();
    }

    @Override
    public PromptReader prompts() {
      return inner.prompts();
    }

    @Override
    public GenerationDefaults defaults() {
      return inner.defaults();
    }

    @Override
    public NDArray encode(String prompt, int rows, NDManager manager) {
      return inner.encode(prompt, rows, manager);
    }

    @Override
    public NDArray encodeNegative(String negativePrompt, int rows, NDManager manager) {
      return inner.encodeNegative(negativePrompt, rows, manager);
    }

    @Override
    public Shape sampleShape(int width, int height) {
      return inner.sampleShape(width, height);
    }

    @Override
    public List<RgbImage> decode(NDArray samples) {
      return inner.decode(samples);
    }

    @Override
    public void close() {}
  }
}
