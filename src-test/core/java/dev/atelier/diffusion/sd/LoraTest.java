package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.lora.IgnoredKey;
import dev.atelier.diffusion.sd.lora.LoraException;
import dev.atelier.diffusion.sd.lora.LoraFile;
import dev.atelier.diffusion.sd.lora.LoraFixtures;
import dev.atelier.diffusion.sd.lora.LoraReport;
import dev.atelier.diffusion.sd.lora.LoraUse;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.Pipeline;
import dev.atelier.hashing.Hashes;
import dev.atelier.task.CancellationToken;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRAs merged into a loaded SD 1.x checkpoint change exactly the weights they name, by {@code
 * weight · alpha/rank · up @ down} (checked against a computation in plain Java doubles), and come
 * out again bit for bit: every weight's bytes are fingerprinted before and compared after.
 */
class LoraTest {

  static final String U = "model.diffusion_model.";
  static final String T = "cond_stage_model.transformer.text_model.";

  /** Module name, the weight it must change, down shape, up shape, alpha (null: none). */
  record Case(String name, String key, Shape down, Shape up, Float alpha) {}

  static final List<Case> CASES =
      List.of(
          new Case(
              "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q",
              U + "input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight",
              new Shape(4, 32),
              new Shape(32, 4),
              2f),
          new Case(
              "lora_unet_mid_block_attentions_0_proj_in",
              U + "middle_block.1.proj_in.weight",
              new Shape(4, 64, 1, 1),
              new Shape(64, 4, 1, 1),
              4f),
          new Case(
              "lora_unet_down_blocks_0_resnets_0_conv1",
              U + "input_blocks.1.0.in_layers.2.weight",
              new Shape(2, 32, 3, 3),
              new Shape(32, 2, 1, 1),
              null),
          new Case(
              "lora_unet_up_blocks_1_resnets_0_time_emb_proj",
              U + "output_blocks.2.0.emb_layers.1.weight",
              new Shape(3, 128),
              new Shape(32, 3),
              1.5f),
          new Case(
              "lora_unet_up_blocks_0_attentions_1_transformer_blocks_0_ff_net_0_proj",
              U + "output_blocks.1.1.transformer_blocks.0.ff.net.0.proj.weight",
              new Shape(4, 64),
              new Shape(512, 4),
              4f),
          new Case(
              "lora_unet_up_blocks_0_upsamplers_0_conv",
              U + "output_blocks.1.2.conv.weight",
              new Shape(2, 64, 3, 3),
              new Shape(64, 2, 1, 1),
              1f),
          new Case(
              "lora_unet_output_blocks_3_1_transformer_blocks_0_attn2_to_k",
              U + "output_blocks.3.1.transformer_blocks.0.attn2.to_k.weight",
              new Shape(4, 768),
              new Shape(32, 4),
              4f),
          new Case(
              "lora_te_text_model_encoder_layers_0_self_attn_q_proj",
              T + "encoder.layers.0.self_attn.q_proj.weight",
              new Shape(4, 768),
              new Shape(768, 4),
              4f),
          new Case(
              "lora_te_text_model_encoder_layers_0_mlp_fc1",
              T + "encoder.layers.0.mlp.fc1.weight",
              new Shape(8, 768),
              new Shape(3072, 8),
              2f));

  static final String UNKNOWN = "lora_unet_down_blocks_5_attentions_0_proj_in";

  @TempDir static Path home;
  static SdCheckpointModel model;
  static Map<String, String> original;
  static Map<String, float[]> originalValues = new LinkedHashMap<>();
  static LoraFixtures fixtureA;
  static LoraFile a;
  static LoraFixtures fixtureB;
  static LoraFile b;

  @BeforeAll
  static void load() throws Exception {
    Path checkpoint = RunnableCheckpoints.write(home.resolve("tiny-sd1.safetensors"), 7);
    ModelLibrary.Installed installed =
        CheckpointImport.run(
                checkpoint, home.resolve("models"), null, null, null, CancellationToken.NONE)
            .model();
    model = SdCheckpointModel.load(installed.dir());
    original = fingerprints();
    for (Case c : CASES) {
      originalValues.put(c.key(), model.parameters().get(c.key()).getArray().toFloatArray());
    }
    fixtureA = new LoraFixtures(11).dtype(Dtype.F16);
    for (Case c : CASES) {
      fixtureA.module(c.name(), c.down(), c.up(), c.alpha(), 0.3);
    }
    fixtureA
        .module(UNKNOWN, new Shape(4, 64, 1, 1), new Shape(64, 4, 1, 1), 4f, 0.3)
        .tensor("lora_unet_mid_block_attentions_0_proj_out.hada_w1_a", new Shape(4, 4), 0.3);
    a = LoraFile.read(fixtureA.write(home.resolve("a.safetensors")));
    Case q = CASES.getFirst();
    fixtureB =
        new LoraFixtures(12)
            .module(q.name(), new Shape(2, 32), new Shape(32, 2), 1f, 0.5)
            .linear("lora_te_text_model_encoder_layers_0_self_attn_k_proj", 768, 768, 2, null, 0.2);
    b = LoraFile.read(fixtureB.write(home.resolve("b.safetensors")));
  }

  @AfterAll
  static void close() {
    a.close();
    b.close();
    model.close();
  }

  @AfterEach
  void removeLoras() {
    model.setLoras(List.of());
  }

  @Test
  void mergeChangesExactlyTheNamedWeightsByTheFormula() {
    LoraReport report = model.setLoras(List.of(new LoraUse(a, 0.8)));

    LoraReport.Applied applied = report.loras().getFirst();
    assertThat(applied.sha256()).isEqualTo(a.sha256());
    assertThat(applied.weight()).isEqualTo(0.8);
    assertThat(applied.mergedModules()).isEqualTo(CASES.size());
    assertThat(applied.unmatchedKeys())
        .containsExactlyInAnyOrder(UNKNOWN, "lora_unet_mid_block_attentions_0_proj_out.hada_w1_a");
    assertThat(applied.unmatched())
        .filteredOn(k -> k.key().equals(UNKNOWN))
        .extracting(IgnoredKey::reason)
        .containsExactly("the model has no module of this name");
    Map<String, String> now = fingerprints();
    TreeSet<String> changed = new TreeSet<>();
    now.forEach(
        (k, v) -> {
          if (!v.equals(original.get(k))) {
            changed.add(k);
          }
        });
    assertThat(changed).containsExactlyInAnyOrderElementsOf(CASES.stream().map(Case::key).toList());
    for (Case c : CASES) {
      float[] expected = expected(c, fixtureA, 0.8, originalValues.get(c.key()));
      assertClose(model.parameters().get(c.key()).getArray().toFloatArray(), expected, c.key());
    }
  }

  @Test
  void removingAllLorasRestoresEveryWeightBitForBit() {
    model.setLoras(List.of(new LoraUse(a, 1.7), new LoraUse(b, -0.4)));
    assertThat(fingerprints()).isNotEqualTo(original);
    assertThat(model.setLoras(List.of()).isEmpty()).isTrue();
    assertThat(fingerprints()).isEqualTo(original);
    assertThat(model.loras()).isEqualTo(LoraReport.NONE);
  }

  @Test
  void changingAWeightAndBackGivesTheSameBits() {
    model.setLoras(List.of(new LoraUse(a, 1.0)));
    Map<String, String> once = fingerprints();
    model.setLoras(List.of(new LoraUse(a, -1.5)));
    Map<String, String> other = fingerprints();
    assertThat(other).isNotEqualTo(once).isNotEqualTo(original);
    model.setLoras(List.of(new LoraUse(a, 1.0)));
    assertThat(fingerprints()).isEqualTo(once);
    model.setLoras(List.of(new LoraUse(a, 0.0)));
    assertThat(fingerprints()).as("weight 0 leaves the bits alone").isEqualTo(original);
  }

  @Test
  void twoLorasAddUpAndOneCanBeTakenAway() {
    model.setLoras(List.of(new LoraUse(a, 0.7)));
    Map<String, String> aAlone = fingerprints();
    LoraReport both = model.setLoras(List.of(new LoraUse(a, 0.7), new LoraUse(b, -1.2)));
    assertThat(both.loras())
        .extracting(LoraReport.Applied::sha256)
        .containsExactly(a.sha256(), b.sha256());
    assertThat(both.loras().get(1).mergedModules()).isEqualTo(2);

    Case q = CASES.getFirst();
    float[] w = originalValues.get(q.key());
    float[] afterA = expected(q, fixtureA, 0.7, w);
    Case qb = new Case(q.name(), q.key(), new Shape(2, 32), new Shape(32, 2), 1f);
    float[] afterBoth = expected(qb, fixtureB, -1.2, afterA);
    assertClose(model.parameters().get(q.key()).getArray().toFloatArray(), afterBoth, q.key());
    String k = T + "encoder.layers.0.self_attn.k_proj.weight";
    assertThat(fingerprints().get(k)).isNotEqualTo(original.get(k));

    model.setLoras(List.of(new LoraUse(a, 0.7)));
    assertThat(fingerprints()).isEqualTo(aAlone);
  }

  @Test
  void repeatedMergesLeaveNoArraysBehind() {
    NDManager loraArrays = a.modules().getFirst().down().getManager();
    NDManager weights = model.parameters().values().iterator().next().getArray().getManager();
    model.setLoras(List.of(new LoraUse(a, 1)));
    model.setLoras(List.of());
    int lora = loraArrays.getManagedArrays().size();
    int held = weights.getManagedArrays().size();
    for (int i = 0; i < 4; i++) {
      model.setLoras(List.of(new LoraUse(a, 0.5 * i), new LoraUse(b, 1)));
    }
    model.setLoras(List.of());
    assertThat(loraArrays.getManagedArrays()).hasSize(lora);
    assertThat(weights.getManagedArrays()).hasSize(held);
  }

  @Test
  void generationChangesWithALoraAndReturnsExactlyWithout() {
    List<RgbImage> plain = generate();
    model.setLoras(List.of(new LoraUse(a, 1.0)));
    List<RgbImage> styled = generate();
    assertThat(styled).isNotEqualTo(plain);
    assertThat(generate()).as("deterministic with the LoRA").isEqualTo(styled);
    model.setLoras(List.of());
    assertThat(generate()).isEqualTo(plain);
  }

  @Test
  void aLoraThatDoesNotFitIsRefusedAndTheMergedSetStays() throws Exception {
    model.setLoras(List.of(new LoraUse(a, 1.0)));
    Map<String, String> merged = fingerprints();
    Case q = CASES.getFirst();
    try (LoraFile wide =
            LoraFile.read(
                new LoraFixtures(5)
                    .linear("lora_te_text_model_encoder_layers_0_mlp_fc2", 768, 3072, 2, 2f, 0.1)
                    .linear(q.name(), 32, 64, 4, 4f, 0.1)
                    .write(home.resolve("wide.safetensors")));
        LoraFile xl =
            LoraFile.read(
                new LoraFixtures(6)
                    .linear(
                        "lora_unet_input_blocks_7_1_transformer_blocks_5_attn1_to_q",
                        640,
                        640,
                        4,
                        4f,
                        0.1)
                    .write(home.resolve("other.safetensors")))) {
      assertThatThrownBy(() -> model.setLoras(List.of(new LoraUse(b, 1), new LoraUse(wide, 1))))
          .isInstanceOfSatisfying(
              LoraException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(LoraException.Reason.SHAPE_MISMATCH);
                assertThat(e.key()).contains(q.name());
              })
          .hasMessageContaining("wide.safetensors")
          .hasMessageContaining("lora_down (4, 64)");
      assertThatThrownBy(() -> model.setLoras(List.of(new LoraUse(xl, 1))))
          .isInstanceOfSatisfying(
              LoraException.class,
              e -> assertThat(e.reason()).isEqualTo(LoraException.Reason.NO_USABLE_KEYS))
          .hasMessageContaining("another kind of model");
      assertThatThrownBy(() -> model.setLoras(List.of(new LoraUse(b, Double.NaN))))
          .isInstanceOfSatisfying(
              LoraException.class,
              e -> assertThat(e.reason()).isEqualTo(LoraException.Reason.BAD_WEIGHT));
      LoraFile closed = LoraFile.read(home.resolve("b.safetensors"));
      closed.close();
      assertThatThrownBy(() -> model.setLoras(List.of(new LoraUse(b, 1), new LoraUse(closed, 1))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("b.safetensors is closed");
      assertThat(fingerprints()).isEqualTo(merged);
      assertThat(model.loras().loras())
          .extracting(LoraReport.Applied::sha256)
          .containsExactly(a.sha256());
    }
  }

  /**
   * The reference LoRA of {@code src-test/fixtures/lora} changes each weight by the delta that
   * kohya's merge formula gives in PyTorch ({@code make_reference.py}), at the weight it names.
   */
  @Test
  void mergeMatchesKohyasFormulaComputedInPyTorch() throws Exception {
    Path dir = Path.of(System.getProperty("atelier.fixtures"), "lora");
    Map<String, float[]> delta = new LinkedHashMap<>();
    double weight;
    try (SafetensorsFile ref = SafetensorsFile.open(dir.resolve("delta.safetensors"));
        NDManager m = NDManager.newBaseManager("PyTorch")) {
      weight = Double.parseDouble(ref.metadata().get("weight"));
      for (String k : ref.shapes().keySet()) {
        delta.put(k, ref.read(k, m).toFloatArray());
      }
    }
    Map<String, float[]> before = new LinkedHashMap<>();
    for (String k : delta.keySet()) {
      before.put(k, model.parameters().get(k).getArray().toFloatArray());
    }
    try (LoraFile ref = LoraFile.read(dir.resolve("lora.safetensors"))) {
      LoraReport report = model.setLoras(List.of(new LoraUse(ref, weight)));
      assertThat(report.loras().getFirst().unmatched()).isEmpty();
      Map<String, String> now = fingerprints();
      TreeSet<String> changed = new TreeSet<>();
      now.forEach(
          (k, v) -> {
            if (!v.equals(original.get(k))) {
              changed.add(k);
            }
          });
      assertThat(changed).containsExactlyInAnyOrderElementsOf(delta.keySet());
      for (Map.Entry<String, float[]> e : delta.entrySet()) {
        float[] w = before.get(e.getKey());
        float[] after = model.parameters().get(e.getKey()).getArray().toFloatArray();
        float[] expected = new float[w.length];
        for (int i = 0; i < w.length; i++) {
          expected[i] = w[i] + e.getValue()[i];
        }
        assertClose(after, expected, e.getKey());
      }
    }
  }

  private static List<RgbImage> generate() {
    GenerationRequest request =
        new GenerationRequest(
            "a red fox", "", 3, SamplerKind.DPMPP_2M_KARRAS, 2, 7.5, 32, 32, 1, 1);
    return Pipeline.generate(model, request, Pipeline.Listener.NONE, CancellationToken.NONE)
        .images();
  }

  /** {@code W + weight·(alpha/rank)·up@down} in doubles, rounded to float once per element. */
  static float[] expected(Case c, LoraFixtures f, double weight, float[] w) {
    float[] down = f.values(c.name() + ".lora_down.weight");
    float[] up = f.values(c.name() + ".lora_up.weight");
    int rank = (int) c.down().get(0);
    int out = (int) c.up().get(0);
    int in = down.length / rank;
    double alpha = c.alpha() == null ? rank : c.alpha();
    double s = weight * alpha / rank;
    float[] result = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        double sum = 0;
        for (int r = 0; r < rank; r++) {
          sum += (double) up[o * rank + r] * down[r * in + i];
        }
        result[o * in + i] = (float) (w[o * in + i] + s * sum);
      }
    }
    return result;
  }

  static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
    }
    assertThat(worst).as(what).isLessThan(2e-6);
  }

  /** SHA-256 of every weight's bytes, by key. */
  static Map<String, String> fingerprints() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      MessageDigest d = Hashes.sha256Digest();
      ByteBuffer bytes = e.getValue().getArray().toByteBuffer();
      d.update(bytes);
      out.put(e.getKey(), Hashes.hex(d.digest()));
    }
    return out;
  }
}
