package dev.atelier.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import dev.atelier.engine.EngineInfo;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measurements run by hand with {@code atelier bench}: generation throughput at batch 1 and N, DJL
 * against Python torch on the same TorchScript graph, and native memory over many generations.
 * Figures, not assertions: tests stay deterministic.
 */
public final class Bench {

  private Bench() {}

  /** Throughput of one configuration. */
  public record Throughput(int batch, int steps, double seconds, long peakMiB) {
    public double stepsPerSecond() {
      return steps / seconds;
    }

    public double imagesPerSecond() {
      return batch / seconds;
    }
  }

  /** Generates {@code rounds} times at this batch size (after one warm-up) and averages. */
  public static Throughput throughput(
      DiffusionModel model, int batch, int steps, double guidance, int size, int rounds) {
    GenerationRequest request =
        new GenerationRequest(
            "sunset over waves", "", 1, SamplerKind.DDIM, steps, guidance, size, size, batch, 0);
    Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE);
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE);
    }
    double seconds = (System.nanoTime() - start) / 1e9 / rounds;
    return new Throughput(batch, steps, seconds, ProcessMemory.peakMiB());
  }

  /** Resident memory before and after {@code count} generations, and the largest step between. */
  public record MemoryDrift(int generations, long startMiB, long endMiB, long peakMiB) {}

  public static MemoryDrift memoryOver(DiffusionModel model, int count, int size) {
    GenerationRequest request =
        new GenerationRequest("waves", "", 1, SamplerKind.DDIM, 4, 2.0, size, size, 2, 2);
    // Warm up allocators and caches before the baseline.
    for (int i = 0; i < 5; i++) {
      Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE);
    }
    System.gc();
    long start = ProcessMemory.residentMiB();
    for (int i = 0; i < count; i++) {
      Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE);
    }
    System.gc();
    return new MemoryDrift(count, start, ProcessMemory.residentMiB(), ProcessMemory.peakMiB());
  }

  /** DJL against Python torch on one UNet forward of the same graph and inputs. */
  public record EngineComparison(
      int batch, int threads, double djlMs, Optional<Double> torchMs, String torchNote) {
    public Optional<Double> ratio() {
      return torchMs.map(t -> djlMs / t);
    }
  }

  public static EngineComparison unetVersusTorch(
      SdTorchScriptModel model, Path modelDir, int batch, int size, int repeats, String python)
      throws IOException, InterruptedException {
    var config = model.config();
    int h = size / config.vaeScale();
    int threads = EngineInfo.configuredThreads();
    long hidden;
    double djlMs;
    try (NDManager m = EngineInfo.newManager()) {
      NDArray context = model.encode("", batch, m);
      hidden = context.getShape().get(2);
      NDArray x = m.zeros(new Shape(batch, config.latentChannels(), h, h));
      NDArray t = m.full(new Shape(batch), 500f);
      for (int i = 0; i < 3; i++) {
        try (NDManager step = m.newSubManager()) {
          model.denoiser().predictNoise(x, t, context).attach(step);
        }
      }
      long start = System.nanoTime();
      for (int i = 0; i < repeats; i++) {
        try (NDManager step = m.newSubManager()) {
          NDArray eps = model.denoiser().predictNoise(x, t, context);
          eps.attach(step);
          eps.toFloatArray(); // wait for the result, as Python's call does
        }
      }
      djlMs = (System.nanoTime() - start) / 1e6 / repeats;
    }
    Path script = Files.createTempFile("atelier-bench", ".py");
    try (InputStream in = Bench.class.getResourceAsStream("torch_unet_bench.py")) {
      Files.write(script, in.readAllBytes());
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              python,
              script.toString(),
              modelDir.resolve("unet.pt").toString(),
              Integer.toString(batch),
              Integer.toString(config.latentChannels()),
              Integer.toString(h),
              Integer.toString(h),
              Integer.toString(config.textLength()),
              Long.toString(hidden),
              Integer.toString(threads),
              Integer.toString(repeats)));
      Process p;
      try {
        p = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        return new EngineComparison(batch, threads, djlMs, Optional.empty(), python + " not found");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return new EngineComparison(
            batch, threads, djlMs, Optional.empty(), "Python torch failed: " + lastLine(out));
      }
      String[] parts = lastLine(out).split(" ");
      return new EngineComparison(
          batch,
          threads,
          djlMs,
          Optional.of(Double.parseDouble(parts[3])),
          "Python torch " + parts[1]);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1];
  }

  /** Formats a throughput line. */
  public static String describe(Throughput t) {
    return String.format(
        Locale.ROOT,
        "batch %2d: %.2f steps/s, %.2f images/s (%.2f s per generation of %d steps), peak %d MiB",
        t.batch(),
        t.stepsPerSecond(),
        t.imagesPerSecond(),
        t.seconds(),
        t.steps(),
        t.peakMiB());
  }
}
