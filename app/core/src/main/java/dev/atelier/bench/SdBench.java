package dev.atelier.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.sd.RandomCheckpoint;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.Family;
import dev.atelier.diffusion.sd.checkpoint.OpenCheckpoint;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.clip.ClipTokenizer;
import dev.atelier.diffusion.sd.unet.SdUNet;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetFlops;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.Vae;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import dev.atelier.engine.EngineInfo;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Stable Diffusion 1.5 at 512×512 ({@code atelier bench --sd15}): a full-size checkpoint with
 * random weights ({@link RandomCheckpoint}, written once and cached) is loaded the way a downloaded
 * one is, then text encoding, one UNet step at batch 1 and at batch 2 (one guided step), and one
 * VAE decode are timed, with the process's peak resident memory. The UNet's operations are counted
 * ({@link UNetFlops}), so its speed reads as a fraction of this machine's GEMM peak ({@link
 * GemmPeak}), measured in the same run. The same figures for a TorchScript export of the model put
 * the two routes side by side.
 *
 * <p>Every timing comes after one untimed warm-up call of the same shape, which pays for the
 * engine's one-time set-up (kernel selection, first allocations).
 */
public final class SdBench {

  /** The image side. */
  public static final int SIDE = 512;

  /** File name of the cached checkpoint under the bench cache folder. */
  public static final String CHECKPOINT_FILE =
      "sd15-random-f16-seed" + RandomCheckpoint.DEFAULT_SEED + ".safetensors";

  private static final int LATENT = SIDE / 8;
  private static final int TEXT_TOKENS = 77;
  private static final String PROMPT = "a lighthouse on a cliff at dusk, oil painting";
  private static final float TIMESTEP = 500f;
  private static final int TEXT_RUNS = 3;
  private static final int DECODE_RUNS = 1;

  private SdBench() {}

  /**
   * Mean and best of {@code runs} timed calls, and the process's peak resident memory from the
   * warm-up call to the last one.
   */
  public record Timing(int runs, double meanSeconds, double bestSeconds, long peakMiB) {}

  /**
   * One route's figures.
   *
   * @param route what ran, in words
   * @param loadSeconds from opening the files to the weights in memory
   * @param startMiB resident memory before loading
   * @param loadPeakMiB peak resident memory while loading
   * @param loadedMiB resident memory once loaded (files closed)
   * @param unetFlopsPerImage operations of one UNet call on one image, when the network is known to
   *     be SD 1.5's
   */
  public record Figures(
      String route,
      double loadSeconds,
      long startMiB,
      long loadPeakMiB,
      long loadedMiB,
      Timing text,
      Timing unetBatch1,
      Timing unetBatch2,
      Timing decode,
      OptionalLong unetFlopsPerImage) {

    /** Peak resident memory over the whole route. */
    public long peakMiB() {
      return Math.max(
          Math.max(loadPeakMiB, text.peakMiB()),
          Math.max(Math.max(unetBatch1.peakMiB(), unetBatch2.peakMiB()), decode.peakMiB()));
    }

    /** The UNet's achieved operations per second at this batch size, in GFLOP/s. */
    public OptionalDouble gflops(int batch) {
      Timing t = batch == 1 ? unetBatch1 : unetBatch2;
      if (unetFlopsPerImage.isEmpty()) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(unetFlopsPerImage.getAsLong() * batch / t.meanSeconds() / 1e9);
    }
  }

  /**
   * The cached full-size random checkpoint in {@code folder}, written first when it is missing or
   * was written with other settings (about 2.1 GB, F16).
   *
   * @throws java.util.concurrent.CancellationException when cancelled while writing
   */
  public static Path checkpoint(
      Path folder, RandomCheckpoint.Listener progress, CancellationToken cancel)
      throws IOException {
    Path file = folder.resolve(CHECKPOINT_FILE);
    RandomCheckpoint.Architecture sd15 = RandomCheckpoint.Architecture.sd15();
    RandomCheckpoint.Options options = RandomCheckpoint.Options.defaults();
    if (!RandomCheckpoint.isWrittenBy(file, sd15, options)) {
      RandomCheckpoint.write(file, sd15, options, progress, cancel);
    }
    return file;
  }

  /** The network under test, whichever route runs it. */
  private interface Route extends AutoCloseable {
    /** Text states (1, 77, width) of the bench's prompt. */
    NDArray encode(NDManager manager);

    NDArray predictNoise(NDArray latents, NDArray timesteps, NDArray context);

    /** Decodes latents in the diffusion model's units to pictures. */
    void decode(NDArray latents);

    /** The latents of {@code batch} pictures of {@link #SIDE}². */
    Shape latents(int batch);

    @Override
    void close();
  }

  /**
   * Loads {@code checkpoint} through Atelier's own networks (the file is closed once the weights
   * are in memory) and measures them.
   */
  public static Figures nativeRoute(Path checkpoint, int steps) {
    System.gc();
    ProcessMemory.releaseFreed();
    long before = ProcessMemory.residentMiB();
    ProcessMemory.resetPeak();
    long start = System.nanoTime();
    NativeRoute route = NativeRoute.load(checkpoint);
    try (route) {
      double load = (System.nanoTime() - start) / 1e9;
      long loadPeak = ProcessMemory.peakMiB();
      long loaded = ProcessMemory.residentMiB();
      long flops = UNetFlops.perImage(UNetConfig.sd15(), LATENT, LATENT, TEXT_TOKENS);
      return measure(
          "Atelier's SD 1.5 networks",
          route,
          load,
          new long[] {before, loadPeak, loaded},
          OptionalLong.of(flops),
          steps);
    }
  }

  /** Loads a TorchScript export ({@link SdTorchScriptModel}) and measures it. */
  public static Figures torchScriptRoute(Path dir, int steps) {
    System.gc();
    ProcessMemory.releaseFreed();
    long before = ProcessMemory.residentMiB();
    ProcessMemory.resetPeak();
    long start = System.nanoTime();
    SdTorchScriptModel model = SdTorchScriptModel.load(dir);
    try (TorchScriptRoute route = new TorchScriptRoute(model)) {
      double load = (System.nanoTime() - start) / 1e9;
      long loadPeak = ProcessMemory.peakMiB();
      long loaded = ProcessMemory.residentMiB();
      OptionalLong flops =
          route.unetParameters() == sd15UnetParameters()
              ? OptionalLong.of(UNetFlops.perImage(UNetConfig.sd15(), LATENT, LATENT, TEXT_TOKENS))
              : OptionalLong.empty();
      return measure(
          "TorchScript export " + model.id(),
          route,
          load,
          new long[] {before, loadPeak, loaded},
          flops,
          steps);
    }
  }

  private static long sd15UnetParameters() {
    return UNetShapes.shapes(UNetConfig.sd15()).values().stream().mapToLong(Shape::size).sum();
  }

  private static Figures measure(
      String name, Route route, double load, long[] memory, OptionalLong flops, int steps) {
    try (NDManager m = EngineInfo.newManager()) {
      Timing text = time(TEXT_RUNS, () -> scoped(m, route::encode));
      NDArray context = route.encode(m);
      Timing b1 = unet(route, m, context, 1, steps);
      Timing b2 = unet(route, m, context, 2, steps);
      NDArray latents = m.randomNormal(route.latents(1));
      Timing decode =
          time(
              DECODE_RUNS,
              () ->
                  scoped(
                      m,
                      s -> {
                        NDArray z = latents.duplicate();
                        z.attach(s);
                        route.decode(z);
                        return null;
                      }));
      return new Figures(name, load, memory[0], memory[1], memory[2], text, b1, b2, decode, flops);
    }
  }

  private static Timing unet(Route route, NDManager m, NDArray context, int batch, int steps) {
    try (NDManager s = m.newSubManager()) {
      NDArray x = s.randomNormal(route.latents(batch));
      float[] t = new float[batch];
      Arrays.fill(t, TIMESTEP);
      NDArray timesteps = s.create(t);
      NDArray c = context.repeat(0, batch);
      c.attach(s);
      return time(steps, () -> route.predictNoise(x, timesteps, c));
    }
  }

  /**
   * Runs {@code call} once untimed, then {@code runs} times timed; each call's arrays are freed
   * before the next (they are made on a sub-manager or attached by the call to its inputs' manager,
   * which the caller frees).
   */
  private static Timing time(int runs, Supplier<NDArray> call) {
    ProcessMemory.resetPeak();
    release(call.get());
    double total = 0;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      NDArray out = call.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      release(out);
      total += seconds;
      best = Math.min(best, seconds);
    }
    return new Timing(runs, total / runs, best, ProcessMemory.peakMiB());
  }

  /** Runs {@code call} on a sub-manager of {@code m} that is freed after it. */
  private static NDArray scoped(NDManager m, java.util.function.Function<NDManager, NDArray> call) {
    try (NDManager s = m.newSubManager()) {
      call.apply(s);
    }
    return null;
  }

  private static void release(NDArray a) {
    if (a != null) {
      a.close();
    }
  }

  /** Atelier's networks loaded from a single-file checkpoint. */
  private static final class NativeRoute implements Route {
    private final NDManager weights;
    private final ClipTextEncoder text;
    private final SdUNet unet;
    private final Vae vae;
    private final long[] ids = ClipTokenizer.bundled().window(PROMPT);

    private NativeRoute(NDManager weights, ClipTextEncoder text, SdUNet unet, Vae vae) {
      this.weights = weights;
      this.text = text;
      this.unet = unet;
      this.vae = vae;
    }

    static NativeRoute load(Path checkpoint) {
      NDManager weights = EngineInfo.newManager();
      try (OpenCheckpoint c = Checkpoints.open(checkpoint)) {
        DetectedCheckpoint d = c.detected();
        if (d.family() != Family.SD1 || d.inpainting()) {
          throw new IllegalArgumentException(
              checkpoint + " is " + d.description() + ", not an SD 1.x text-to-image checkpoint");
        }
        ClipTextEncoder text = new ClipTextEncoder(ClipTextConfig.sd15());
        text.load(c.weights(), ClipTextEncoder.LDM_PREFIX, weights);
        SdUNet unet = new SdUNet(UNetConfig.sd15());
        unet.loadWeights(c.weights(), UNetShapes.CHECKPOINT_PREFIX, weights);
        Vae vae = Vae.load(c.weights(), VaeShapes.PREFIX, VaeConfig.sd15(), false, weights);
        return new NativeRoute(weights, text, unet, vae);
      } catch (RuntimeException e) {
        weights.close();
        throw e;
      }
    }

    @Override
    public NDArray encode(NDManager manager) {
      return text.encode(ids, manager);
    }

    @Override
    public NDArray predictNoise(NDArray latents, NDArray timesteps, NDArray context) {
      return unet.predictNoise(latents, timesteps, context);
    }

    @Override
    public void decode(NDArray latents) {
      vae.decode(latents).close();
    }

    @Override
    public Shape latents(int batch) {
      return new Shape(batch, 4, LATENT, LATENT);
    }

    @Override
    public void close() {
      vae.close();
      weights.close();
    }
  }

  /** The three TorchScript graphs of an export. */
  private record TorchScriptRoute(SdTorchScriptModel model) implements Route {
    @Override
    public NDArray encode(NDManager manager) {
      return model.encode(PROMPT, 1, manager);
    }

    @Override
    public NDArray predictNoise(NDArray latents, NDArray timesteps, NDArray context) {
      return model.denoiser().predictNoise(latents, timesteps, context);
    }

    @Override
    public void decode(NDArray latents) {
      model.decode(latents);
    }

    @Override
    public Shape latents(int batch) {
      return new Shape(batch).addAll(model.sampleShape(SIDE, SIDE));
    }

    long unetParameters() {
      return model.unetParameterCount();
    }

    @Override
    public void close() {
      model.close();
    }
  }

  /** The figures in words, with the UNet's speed as a fraction of {@code peak}. */
  public static String describe(Figures f, GemmPeak.Result peak) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%s, %dx%d:%n", f.route(), SIDE, SIDE));
    s.append(
        String.format(
            Locale.ROOT,
            "  load                %8.2f s    peak RSS %5d MiB (%d MiB before, %d MiB after)%n",
            f.loadSeconds(),
            f.loadPeakMiB(),
            f.startMiB(),
            f.loadedMiB()));
    s.append(line("text encoding", f.text(), ""));
    for (int batch = 1; batch <= 2; batch++) {
      Timing t = batch == 1 ? f.unetBatch1() : f.unetBatch2();
      OptionalDouble g = f.gflops(batch);
      String speed =
          g.isPresent()
              ? String.format(
                  Locale.ROOT,
                  "%7.1f GFLOP/s = %.2f of GEMM peak",
                  g.getAsDouble(),
                  g.getAsDouble() / peak.gflops())
              : "  (not SD 1.5's UNet: no operation count)";
      s.append(line("UNet step, batch " + batch, t, speed));
    }
    s.append(line("VAE decode", f.decode(), ""));
    s.append(
        String.format(
            Locale.ROOT,
            "  peak RSS            %8.2f GiB (goal: at most 5)%n",
            f.peakMiB() / 1024.0));
    f.unetFlopsPerImage()
        .ifPresent(
            n ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "  UNet operations     %8.1f GFLOP per image and step%n",
                        n / 1e9)));
    return s.toString();
  }

  /** Time and memory of {@code other} as multiples of {@code base}'s (below 1: other is faster). */
  public static String compare(Figures other, Figures base) {
    return String.format(
        Locale.ROOT,
        "  %s / %s: load %.2f, text %.2f, UNet batch 1 %.2f, batch 2 %.2f, VAE decode %.2f,"
            + " peak RSS %.2f%n",
        other.route(),
        base.route(),
        other.loadSeconds() / base.loadSeconds(),
        other.text().meanSeconds() / base.text().meanSeconds(),
        other.unetBatch1().meanSeconds() / base.unetBatch1().meanSeconds(),
        other.unetBatch2().meanSeconds() / base.unetBatch2().meanSeconds(),
        other.decode().meanSeconds() / base.decode().meanSeconds(),
        other.peakMiB() / (double) base.peakMiB());
  }

  private static String line(String what, Timing t, String tail) {
    return String.format(
        Locale.ROOT,
        "  %-19s %8.3f s    peak RSS %5d MiB (best of %d: %.3f s)  %s%n",
        what,
        t.meanSeconds(),
        t.peakMiB(),
        t.runs(),
        t.bestSeconds(),
        tail);
  }
}
