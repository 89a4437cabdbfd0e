package dev.atelier.diffusion.sd;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import dev.atelier.diffusion.safetensors.SafetensorsWriter;
import dev.atelier.diffusion.safetensors.TensorInfo;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A Stable Diffusion 1.x single-file checkpoint with random weights, at full size or any reduced
 * geometry: the UNet ({@code model.diffusion_model.*}), the whole VAE ({@code first_stage_model.*},
 * encoder, decoder and both quant convolutions) and the CLIP text encoder ({@code
 * cond_stage_model.transformer.text_model.*} with its int64 {@code embeddings.position_ids}, as SD
 * 1.5's own file has them). The keys and shapes come from the networks' own tables ({@link
 * UNetShapes}, {@link VaeShapes}, {@link ClipTextEncoder#shapes}), so a file written here loads
 * into the networks exactly as a downloaded checkpoint does. Benchmarks and import tests use it
 * where the real 2–4 GB download cannot be shipped.
 *
 * <p>Writing streams tensor by tensor through {@link SafetensorsWriter}; only a 64k-element buffer
 * is ever in memory, and the file appears under its name only when complete.
 *
 * <p>Values, fixed so that a seed always means the same file (the tests pin them): tensor {@code
 * name}'s elements come in order from a {@link SplittableRandom} (SplitMix64) seeded with {@code
 * seed * 0x9E3779B97F4A7C15 + name.hashCode()}, one {@code nextLong()} each; its top 24 bits {@code
 * k} give {@code u = (2k + 1 − 2^24) · 2^−24}, uniform on (−1, 1), and the element is {@code
 * (float) (std · √3) · u}, which has standard deviation {@code std}. The scale keeps activations of
 * unit size through the whole network, so every layer's output stays finite:
 *
 * <ul>
 *   <li>convolution and linear weights: {@code std = 1/√fan_in} ({@code fan_in} = input channels ×
 *       kernel area), which preserves the variance of what they read;
 *   <li>token and position embeddings: {@code std = 0.02}, as CLIP was initialised;
 *   <li>norm scales ({@code *.weight} of rank 1) 1, every bias 0, position ids {@code 0…T−1}.
 * </ul>
 *
 * <p>Values are stored as {@link Options#dtype()}, F16 by default as most shared checkpoints are.
 * {@link Fill#ZEROS} writes the same header over a sparse, all-zero data section instead: the whole
 * layout of a full-size checkpoint in a moment and next to no disk, for checks of keys and shapes.
 */
public final class RandomCheckpoint {

  /** The seed the benchmark's cached checkpoint uses. */
  public static final long DEFAULT_SEED = 15;

  /** Metadata keys that say how a file was made, so a cached file can be recognised. */
  public static final String META_SEED = "atelier.random.seed";

  public static final String META_FILL = "atelier.random.fill";
  public static final String META_VERSION = "atelier.random.version";

  /** Bumped whenever the values a seed gives change, so old cached files are rebuilt. */
  static final String VERSION = "1";

  private static final String POSITION_IDS =
      ClipTextEncoder.LDM_PREFIX + ClipTextEncoder.POSITION_IDS;
  private static final double EMBEDDING_STD = 0.02;
  private static final double SQRT3 = Math.sqrt(3);

  private RandomCheckpoint() {}

  /** What the data section holds. */
  public enum Fill {
    /** Seeded random weights, scaled as the class comment says. */
    RANDOM,
    /** Zeros left as holes in a sparse file: the layout without the weights. */
    ZEROS
  }

  /** How the tensor's values are made. */
  public enum Init {
    /** Convolution or linear weight: uniform with standard deviation 1/√fan_in. */
    WEIGHT,
    /** Token or position embedding: standard deviation 0.02. */
    EMBEDDING,
    /** A norm's scale: all ones. */
    ONES,
    /** A bias: all zeros. */
    ZEROS,
    /** CLIP's position ids, int64 {@code 0…T−1}. */
    POSITIONS
  }

  /** The geometry of the three networks. */
  public record Architecture(UNetConfig unet, VaeConfig vae, ClipTextConfig text) {
    public Architecture {
      Objects.requireNonNull(unet, "unet");
      Objects.requireNonNull(vae, "vae");
      Objects.requireNonNull(text, "text");
    }

    /** Stable Diffusion 1.5 (and 1.4, and their fine-tunes): about 1.07 billion parameters. */
    public static Architecture sd15() {
      return new Architecture(UNetConfig.sd15(), VaeConfig.sd15(), ClipTextConfig.sd15());
    }
  }

  /**
   * @param seed the values' seed
   * @param dtype how floats are stored: F16, BF16 or F32
   * @param fill random values or a sparse all-zero data section
   */
  public record Options(long seed, Dtype dtype, Fill fill) {
    public Options {
      Objects.requireNonNull(dtype, "dtype");
      Objects.requireNonNull(fill, "fill");
      if (!dtype.readableAsFloat()) {
        throw new IllegalArgumentException("Weights are stored as F32, F16 or BF16, not " + dtype);
      }
    }

    /** {@link #DEFAULT_SEED}, F16, random. */
    public static Options defaults() {
      return new Options(DEFAULT_SEED, Dtype.F16, Fill.RANDOM);
    }
  }

  /** One tensor of the file. */
  public record Tensor(String name, Dtype dtype, Shape shape, Init init) {
    /** Bytes of its data. */
    public long bytes() {
      return shape.size() * dtype.bytes();
    }
  }

  /** Bytes of tensor data written so far, of the total. Called from the writing thread. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (done, total) -> {};

    void onProgress(long done, long total);
  }

  /** Every tensor of the checkpoint in file order: UNet, VAE, text encoder, position ids. */
  public static List<Tensor> layout(Architecture a, Dtype dtype) {
    List<Tensor> out = new ArrayList<>();
    add(out, UNetShapes.CHECKPOINT_PREFIX, UNetShapes.shapes(a.unet()), dtype);
    add(out, VaeShapes.PREFIX, VaeShapes.of(a.vae()), dtype);
    add(out, ClipTextEncoder.LDM_PREFIX, ClipTextEncoder.shapes(a.text()), dtype);
    out.add(
        new Tensor(POSITION_IDS, Dtype.I64, new Shape(1, a.text().positions()), Init.POSITIONS));
    return List.copyOf(out);
  }

  /** Every key and shape of {@link #layout}. */
  public static Map<String, Shape> shapes(Architecture a) {
    Map<String, Shape> out = new LinkedHashMap<>();
    for (Tensor t : layout(a, Dtype.F32)) {
      out.put(t.name(), t.shape());
    }
    return out;
  }

  private static void add(List<Tensor> out, String prefix, Map<String, Shape> shapes, Dtype d) {
    shapes.forEach((key, shape) -> out.add(new Tensor(prefix + key, d, shape, init(key, shape))));
  }

  static Init init(String key, Shape shape) {
    if (key.endsWith(".bias")) {
      return Init.ZEROS;
    }
    if (key.endsWith("token_embedding.weight") || key.endsWith("position_embedding.weight")) {
      return Init.EMBEDDING;
    }
    return shape.dimension() == 1 ? Init.ONES : Init.WEIGHT;
  }

  /** The standard deviation of a {@link Init#WEIGHT} or {@link Init#EMBEDDING} tensor. */
  static double std(Tensor t) {
    if (t.init() == Init.EMBEDDING) {
      return EMBEDDING_STD;
    }
    long fanIn = t.shape().size() / t.shape().get(0);
    return 1 / Math.sqrt(fanIn);
  }

  /**
   * Writes the checkpoint to {@code file}, replacing it. The data goes to a {@code .part} file
   * beside it first, which is moved into place atomically when complete and deleted on failure.
   *
   * @param cancel polled every 64k elements
   * @return the file's size in bytes
   * @throws java.util.concurrent.CancellationException when cancelled (no file is left)
   */
  public static long write(
      Path file, Architecture a, Options o, Listener listener, CancellationToken cancel)
      throws IOException {
    Listener progress = listener == null ? Listener.NONE : listener;
    CancellationToken token = cancel == null ? CancellationToken.NONE : cancel;
    List<Tensor> layout = layout(a, o.dtype());
    long total = layout.stream().mapToLong(Tensor::bytes).sum();
    long[] done = {0};
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    for (Tensor t : layout) {
      entries.add(entry(t, o, token, bytes -> progress.onProgress(done[0] += bytes, total)));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    SafetensorsWriter.write(file, entries, metadata(o));
    progress.onProgress(total, total);
    return Files.size(file);
  }

  /** Whether {@code file} is a complete checkpoint this class wrote for these settings. */
  public static boolean isWrittenBy(Path file, Architecture a, Options o) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      if (!f.metadata().equals(metadata(o))) {
        return false;
      }
      List<Tensor> layout = layout(a, o.dtype());
      if (f.tensors().size() != layout.size()) {
        return false;
      }
      for (Tensor t : layout) {
        TensorInfo info = f.tensors().get(t.name());
        if (info == null || info.dtype() != t.dtype() || !info.shape().equals(t.shape())) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false; // unreadable or cut short: write it again
    }
  }

  static Map<String, String> metadata(Options o) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", "pt");
    m.put(META_SEED, Long.toString(o.seed()));
    m.put(META_FILL, o.fill().name().toLowerCase(java.util.Locale.ROOT));
    m.put(META_VERSION, VERSION);
    return m;
  }

  private interface Counter {
    void add(long bytes);
  }

  private static SafetensorsWriter.Entry entry(
      Tensor t, Options o, CancellationToken cancel, Counter counter) {
    if (t.init() == Init.POSITIONS) {
      return new SafetensorsWriter.Entry(
          t.name(),
          t.dtype(),
          t.shape(),
          out -> {
            ByteBuffer b = ByteBuffer.allocate((int) t.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < t.shape().size(); i++) {
              b.putLong(i);
            }
            out.write(b.array());
            counter.add(t.bytes());
          });
    }
    if (o.fill() == Fill.ZEROS) {
      return SafetensorsWriter.zeros(t.name(), t.dtype(), t.shape());
    }
    Values values = new Values(t, o.seed());
    int bytesPerValue = t.dtype().bytes();
    return SafetensorsWriter.floats(
        t.name(),
        t.dtype(),
        t.shape(),
        (first, v, n) -> {
          cancel.throwIfCancelled();
          values.fill(first, v, n);
          counter.add((long) n * bytesPerValue);
        });
  }

  /**
   * The values of one tensor in element order, for checks: {@code count} elements from {@code
   * first}, as float32 before they are rounded to the stored type.
   */
  public static float[] values(Tensor t, long seed, long first, int count) {
    Values v = new Values(t, seed);
    float[] out = new float[count];
    long skipped = 0;
    float[] skip = new float[(int) Math.min(first, 1 << 16)];
    while (skipped < first) {
      int n = (int) Math.min(skip.length, first - skipped);
      v.fill(skipped, skip, n);
      skipped += n;
    }
    v.fill(first, out, count);
    return out;
  }

  /** One tensor's value stream; elements must be asked for in order. */
  private static final class Values {
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;

    private final Init init;
    private final float scale;
    private final SplittableRandom random;
    private long next;

    Values(Tensor t, long seed) {
      this.init = t.init();
      this.scale = init == Init.WEIGHT || init == Init.EMBEDDING ? (float) (std(t) * SQRT3) : 0f;
      this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + t.name().hashCode());
    }

    void fill(long first, float[] v, int n) {
      if (first != next) {
        throw new IllegalStateException("Values asked for out of order at " + first);
      }
      next += n;
      switch (init) {
        case ONES -> java.util.Arrays.fill(v, 0, n, 1f);
        case ZEROS, POSITIONS -> java.util.Arrays.fill(v, 0, n, 0f);
        case WEIGHT, EMBEDDING -> {
          for (int i = 0; i < n; i++) {
            int k = (int) (random.nextLong() >>> 40);
            v[i] = scale * ((2 * k + 1 - (1 << 24)) * TWO_POW_MINUS_24);
          }
        }
      }
    }
  }
}
