package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.nn.WeightLoader;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import dev.atelier.diffusion.safetensors.TensorInfo;
import dev.atelier.diffusion.sd.RandomCheckpoint.Architecture;
import dev.atelier.diffusion.sd.RandomCheckpoint.Fill;
import dev.atelier.diffusion.sd.RandomCheckpoint.Options;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.Family;
import dev.atelier.diffusion.sd.checkpoint.Layout;
import dev.atelier.diffusion.sd.checkpoint.OpenCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.TextEncoderSpec;
import dev.atelier.diffusion.sd.checkpoint.UnetShape;
import dev.atelier.diffusion.sd.checkpoint.VaeShape;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.SdUNet;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.diffusion.sd.vae.Vae;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import dev.atelier.diffusion.sd.vae.VaeShapes;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The random checkpoint Atelier writes for benchmarks against the SD 1.5 single-file layout, whose
 * every key and shape is committed under src-test/fixtures/sd15 (derived from the reference
 * implementations, not from Atelier's tables): the full-size file must hold exactly that set.
 */
class RandomCheckpointTest {

  private static final Path KEYS = Path.of(System.getProperty("atelier.fixtures"), "sd15");
  private static final String POSITION_IDS =
      "cond_stage_model.transformer.text_model.embeddings.position_ids";

  @TempDir Path dir;

  /** Every tensor of SD 1.5's single file, from the committed lists, plus the int64 ids. */
  static Map<String, Shape> referenceLayout() throws IOException {
    Map<String, Shape> out = new LinkedHashMap<>();
    for (String list : List.of("unet-keys.tsv", "vae-keys.tsv", "text-keys.tsv")) {
      for (String line : Files.readAllLines(KEYS.resolve(list))) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] cols = line.split("\t");
        long[] dims = Arrays.stream(cols[1].split(",")).mapToLong(Long::parseLong).toArray();
        assertEquals(null, out.put(cols[0], new Shape(dims)), "duplicate " + cols[0]);
      }
    }
    out.put(POSITION_IDS, new Shape(1, 77));
    return out;
  }

  /** Keys missing, extra or of another shape in {@code actual}, in words; empty when equal. */
  static List<String> differences(Map<String, Shape> expected, Map<String, Shape> actual) {
    List<String> out = new ArrayList<>();
    for (String k : new TreeSet<>(expected.keySet())) {
      Shape a = actual.get(k);
      if (a == null) {
        out.add("missing " + k);
      } else if (!a.equals(expected.get(k))) {
        out.add(k + " is " + a + ", expected " + expected.get(k));
      }
    }
    for (String k : new TreeSet<>(actual.keySet())) {
      if (!expected.containsKey(k)) {
        out.add("extra " + k);
      }
    }
    return out;
  }

  @Test
  void aFullSizeCheckpointHasExactlyTheSd15KeySetAndShapes() throws IOException {
    Map<String, Shape> reference = referenceLayout();
    assertEquals(686 + 248 + 196 + 1, reference.size());
    Path file = dir.resolve("sd15-layout.safetensors");
    long size =
        RandomCheckpoint.write(
            file,
            Architecture.sd15(),
            new Options(1, Dtype.F16, Fill.ZEROS),
            RandomCheckpoint.Listener.NONE,
            null);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(List.of(), differences(reference, f.shapes()));
      long elements = 0;
      for (TensorInfo t : f.tensors().values()) {
        assertEquals(t.name().equals(POSITION_IDS) ? Dtype.I64 : Dtype.F16, t.dtype(), t.name());
        elements += t.shape().size();
      }
      // UNet 859,520,964 + VAE 83,653,863 + text 123,060,480 parameters, and 77 ids.
      assertEquals(859_520_964L + 83_653_863L + 123_060_480L + 77, elements);
      assertTrue(size > 2 * (elements - 77), "all data is there, if only as a hole: " + size);
      assertEquals(positions(77), positionIds(file, f));
    }
  }

  @Test
  void atelierDetectsItAsAnSd1SingleFileAndEveryNetworkFindsItsTensors() throws IOException {
    Path file = dir.resolve("sd15-layout.safetensors");
    RandomCheckpoint.write(
        file, Architecture.sd15(), new Options(1, Dtype.F16, Fill.ZEROS), null, null);
    DetectedCheckpoint d = Checkpoints.inspect(file);
    assertEquals(Family.SD1, d.family());
    assertEquals(Layout.SINGLE_FILE, d.layout());
    assertEquals(
        new UnetShape(4, 4, 320, List.of(1, 2, 4, 4), 2, List.of(1, 1, 1, 0), 768, 0), d.unet());
    assertEquals(java.util.Optional.of(new VaeShape(4, 128, List.of(1, 2, 4, 4), true)), d.vae());
    assertEquals(
        List.of(
            new TextEncoderSpec(
                ClipTextEncoder.LDM_PREFIX, TextEncoderSpec.Kind.CLIP, 768, 12, 49408, 77)),
        d.textEncoders());
    assertEquals(java.util.Optional.empty(), d.unsupportedReason());
    assertFalse(d.inpainting());
    try (OpenCheckpoint c = Checkpoints.open(file)) {
      WeightLoader.check(
          UNetShapes.shapes(UNetConfig.sd15()), UNetShapes.CHECKPOINT_PREFIX, c.weights());
      WeightLoader.check(VaeShapes.of(VaeConfig.sd15()), VaeShapes.PREFIX, c.weights());
      WeightLoader.check(
          ClipTextEncoder.shapes(ClipTextConfig.sd15()), ClipTextEncoder.LDM_PREFIX, c.weights());
    }
  }

  /** The comparison above fails for a layer too few, a layer too many or a wrong shape. */
  @Test
  void theComparisonCatchesAMissingExtraOrMisshapenLayer() throws IOException {
    Map<String, Shape> reference = referenceLayout();
    Architecture sd15 = Architecture.sd15();
    assertEquals(List.of(), differences(reference, RandomCheckpoint.shapes(sd15)));

    Architecture inpainting =
        new Architecture(UNetConfig.sd15Inpainting(), VaeConfig.sd15(), ClipTextConfig.sd15());
    assertEquals(
        List.of(
            "model.diffusion_model.input_blocks.0.0.weight is (320, 9, 3, 3), expected (320, 4, 3, 3)"),
        differences(reference, RandomCheckpoint.shapes(inpainting)));

    VaeConfig v = VaeConfig.sd15();
    Architecture fewerVaeBlocks =
        new Architecture(
            UNetConfig.sd15(),
            new VaeConfig(
                v.latentChannels(),
                v.baseChannels(),
                v.multipliers(),
                1,
                v.groups(),
                v.epsilon(),
                v.scalingFactor()),
            ClipTextConfig.sd15());
    assertThat(differences(reference, RandomCheckpoint.shapes(fewerVaeBlocks)))
        .contains("missing first_stage_model.encoder.down.0.block.1.conv1.weight");

    UNetConfig u = UNetConfig.sd15();
    Architecture deeper =
        new Architecture(
            new UNetConfig(
                u.inChannels(),
                u.outChannels(),
                u.modelChannels(),
                u.channelMult(),
                u.resBlocks(),
                u.attentionLevels(),
                u.heads(),
                2,
                u.contextDim(),
                u.groups()),
            VaeConfig.sd15(),
            ClipTextConfig.sd15());
    assertThat(differences(reference, RandomCheckpoint.shapes(deeper)))
        .contains(
            "extra model.diffusion_model.input_blocks.1.1.transformer_blocks.1.attn1.to_q.weight");

    Map<String, Shape> noPositionIds = new LinkedHashMap<>(RandomCheckpoint.shapes(sd15));
    noPositionIds.remove(POSITION_IDS);
    assertEquals(List.of("missing " + POSITION_IDS), differences(reference, noPositionIds));
  }

  /** A reduced network in SD 1.x's structure, quick to write with random values. */
  static Architecture small() {
    return new Architecture(
        new UNetConfig(4, 4, 32, List.of(1, 2, 4, 4), 2, Set.of(0, 1, 2), 4, 1, 64, 8),
        new VaeConfig(4, 16, List.of(1, 2, 4, 4), 2, 8, 1e-6f, 0.18215f),
        new ClipTextConfig(1000, 64, 2, 4, 77, 256, ClipTextConfig.Activation.QUICK_GELU, 1e-5f));
  }

  /** The first values of a tensor, restated from the class comment's rule. */
  private static float[] bySpec(String name, long seed, double std, int count) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    float scale = (float) (std * Math.sqrt(3));
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      long k = r.nextLong() >>> 40;
      out[i] = scale * (float) ((2 * k + 1 - (1L << 24)) / (double) (1L << 24));
    }
    return out;
  }

  @Test
  void randomValuesAreWhatTheSeedSaysInEveryStoredType() throws IOException {
    Path f32 = dir.resolve("f32.safetensors");
    Path f16 = dir.resolve("f16.safetensors");
    Path bf16 = dir.resolve("bf16.safetensors");
    RandomCheckpoint.write(f32, small(), new Options(7, Dtype.F32, Fill.RANDOM), null, null);
    RandomCheckpoint.write(f16, small(), new Options(7, Dtype.F16, Fill.RANDOM), null, null);
    RandomCheckpoint.write(bf16, small(), new Options(7, Dtype.BF16, Fill.RANDOM), null, null);
    String first = "model.diffusion_model.time_embed.0.weight"; // (128, 32): fan-in 32
    String conv = "model.diffusion_model.input_blocks.1.0.in_layers.2.weight"; // (32, 32, 3, 3)
    String tokens = ClipTextEncoder.LDM_PREFIX + "embeddings.token_embedding.weight";
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile a = SafetensorsFile.open(f32);
        SafetensorsFile b = SafetensorsFile.open(f16);
        SafetensorsFile c = SafetensorsFile.open(bf16)) {
      float[] expected = bySpec(first, 7, 1 / Math.sqrt(32), 128 * 32);
      assertArrayEquals(expected, a.read(first, m).toFloatArray());
      float[] half = b.read(first, m).toFloatArray();
      float[] brain = c.read(first, m).toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(expected[i])), half[i]);
        assertEquals(expected[i], brain[i], Math.abs(expected[i]) / 128);
      }
      assertArrayEquals(
          bySpec(conv, 7, 1 / Math.sqrt(32 * 9), 50),
          Arrays.copyOf(a.read(conv, m).toFloatArray(), 50));
      assertArrayEquals(
          bySpec(tokens, 7, 0.02, 64), Arrays.copyOf(a.read(tokens, m).toFloatArray(), 64));
      assertArrayEquals(
          expected,
          RandomCheckpoint.values(
              RandomCheckpoint.layout(small(), Dtype.F32).getFirst(), 7, 0, expected.length));
    }
  }

  @Test
  void everyTensorIsFiniteAndScaledAsItsKindAsks() throws IOException {
    Path file = dir.resolve("f16.safetensors");
    RandomCheckpoint.write(file, small(), new Options(3, Dtype.F16, Fill.RANDOM), null, null);
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(file)) {
      for (TensorInfo t : f.tensors().values()) {
        if (t.dtype() == Dtype.I64) {
          assertEquals(positions(77), positionIds(file, f));
          continue;
        }
        float[] v = f.read(t.name(), m).toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float x : v) {
          assertTrue(Float.isFinite(x), t.name());
          sum += x;
          squares += (double) x * x;
        }
        double mean = sum / v.length;
        double std = Math.sqrt(squares / v.length - mean * mean);
        if (t.name().endsWith(".bias")) {
          assertEquals(0, squares, t.name());
        } else if (t.shape().dimension() == 1) {
          assertEquals(v.length, sum, t.name()); // a norm's scale: all ones
        } else if (v.length >= 4096) {
          double target =
              t.name().contains("_embedding.")
                  ? 0.02
                  : 1 / Math.sqrt(t.shape().size() / (double) t.shape().get(0));
          assertEquals(target, std, 0.05 * target, t.name());
          assertEquals(0, mean, 0.1 * target, t.name());
        }
      }
    }
  }

  /**
   * The scaling keeps every network's activations of moderate size: each runs on the random
   * weights, loaded from the file as a downloaded checkpoint is, and gives finite outputs of unit
   * order rather than vanishing or exploding ones.
   */
  @Test
  void activationsStayFiniteAndOfUnitOrderThroughEveryNetwork() throws IOException {
    Architecture a = small();
    Path file = dir.resolve("small.safetensors");
    RandomCheckpoint.write(file, a, new Options(11, Dtype.F16, Fill.RANDOM), null, null);
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile weights = SafetensorsFile.open(file)) {
      ClipTextEncoder text = new ClipTextEncoder(a.text());
      assertEquals(List.of(), text.load(weights, ClipTextEncoder.LDM_PREFIX, m));
      long[] ids = new long[77];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (i * 37L) % a.text().vocabSize();
      }
      NDArray context = text.encode(ids, m);
      assertUnitOrder("text encoder", context);

      SdUNet unet = new SdUNet(a.unet());
      assertEquals(List.of(), unet.loadWeights(weights, UNetShapes.CHECKPOINT_PREFIX, m));
      NDArray latents = m.randomNormal(new Shape(1, 4, 16, 16));
      NDArray eps = unet.predictNoise(latents, m.create(new float[] {500f}), context);
      assertUnitOrder("UNet", eps);

      try (Vae vae = Vae.load(weights, VaeShapes.PREFIX, a.vae(), true, m)) {
        NDArray image = vae.decode(latents);
        assertUnitOrder("VAE decoder", image);
        assertUnitOrder("VAE encoder", vae.encode(image.clip(-1, 1)).mode());
      }
    }
  }

  private static void assertUnitOrder(String what, NDArray x) {
    float[] v = x.toFloatArray();
    double squares = 0;
    for (float f : v) {
      assertTrue(Float.isFinite(f), what + " gave a non-finite value");
      squares += (double) f * f;
    }
    double rms = Math.sqrt(squares / v.length);
    assertTrue(rms > 0.01 && rms < 100, what + " output RMS " + rms);
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws IOException {
    Path a = dir.resolve("a.safetensors");
    Path b = dir.resolve("b.safetensors");
    Path c = dir.resolve("c.safetensors");
    RandomCheckpoint.write(a, small(), new Options(5, Dtype.F16, Fill.RANDOM), null, null);
    RandomCheckpoint.write(b, small(), new Options(5, Dtype.F16, Fill.RANDOM), null, null);
    RandomCheckpoint.write(c, small(), new Options(6, Dtype.F16, Fill.RANDOM), null, null);
    assertEquals(-1, Files.mismatch(a, b));
    assertTrue(Files.mismatch(a, c) >= 0);
    assertTrue(RandomCheckpoint.isWrittenBy(a, small(), new Options(5, Dtype.F16, Fill.RANDOM)));
    assertFalse(RandomCheckpoint.isWrittenBy(a, small(), new Options(6, Dtype.F16, Fill.RANDOM)));
    assertFalse(RandomCheckpoint.isWrittenBy(a, small(), new Options(5, Dtype.F32, Fill.RANDOM)));
    assertFalse(
        RandomCheckpoint.isWrittenBy(
            a, Architecture.sd15(), new Options(5, Dtype.F16, Fill.RANDOM)));
    assertFalse(RandomCheckpoint.isWrittenBy(dir.resolve("none"), small(), Options.defaults()));
  }

  @Test
  void progressCountsEveryByteAndCancelLeavesNoFile() throws IOException {
    List<long[]> seen = new ArrayList<>();
    Path file = dir.resolve("p.safetensors");
    RandomCheckpoint.write(
        file,
        small(),
        new Options(1, Dtype.F16, Fill.RANDOM),
        (done, total) -> seen.add(new long[] {done, total}),
        null);
    long total = seen.getLast()[1];
    assertEquals(total, seen.getLast()[0]);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0]);
    }
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      long data = f.tensors().values().stream().mapToLong(TensorInfo::byteSize).sum();
      assertEquals(data, total);
    }

    AtomicInteger polls = new AtomicInteger();
    Path cancelled = dir.resolve("cancelled.safetensors");
    assertThrows(
        CancellationException.class,
        () ->
            RandomCheckpoint.write(
                cancelled,
                small(),
                new Options(1, Dtype.F16, Fill.RANDOM),
                null,
                () -> polls.incrementAndGet() > 3));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("p.safetensors");
    }
  }

  private static List<Long> positions(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /** The int64 position ids, read from the file's bytes (they are not floats). */
  private static List<Long> positionIds(Path file, SafetensorsFile f) throws IOException {
    TensorInfo t = f.tensors().get(POSITION_IDS);
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(len, 0);
      long data = 8 + len.flip().getLong();
      ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(b, data + t.begin());
      b.flip();
      List<Long> out = new ArrayList<>();
      while (b.hasRemaining()) {
        out.add(b.getLong());
      }
      return out;
    }
  }
}
