package dev.atelier.provenance;

import static dev.atelier.provenance.ProvenanceFixtures.ADDRESS_0;
import static dev.atelier.provenance.ProvenanceFixtures.HIRES;
import static dev.atelier.provenance.ProvenanceFixtures.INPUTS;
import static dev.atelier.provenance.ProvenanceFixtures.hex64;
import static dev.atelier.provenance.ProvenanceFixtures.record;
import static dev.atelier.provenance.ProvenanceFixtures.withInputs;
import static dev.atelier.provenance.ProvenanceRecordTest.withGeneration;
import static dev.atelier.provenance.ProvenanceRecordTest.withRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.GenerationInput.Role;
import dev.atelier.catalog.HiresPass;
import dev.atelier.chain.Devnet;
import dev.atelier.provenance.ProvenanceSignatures.Verification;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The record's {@code generation.inputs} (start picture, mask, LoRAs) and {@code generation.hires}:
 * their canonical form, strict reading, and that they are covered by the creator's signature.
 */
class ProvenanceInputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The canonical {@code generation} member of {@link ProvenanceFixtures#withInputs()}. */
  private static final String GENERATION =
      "\"generation\":{\"guidance\":7.5,"
          + "\"hires\":{\"scale\":1.5,\"strength\":0.5},"
          + "\"inputs\":["
          + "{\"role\":\"start-image\",\"sha256\":\""
          + hex64(0x5a)
          + "\",\"strength\":0.6},"
          + "{\"blur\":4,\"role\":\"mask\",\"sha256\":\""
          + hex64(0x6a)
          + "\"},"
          + "{\"role\":\"lora\",\"sha256\":\""
          + hex64(0x10a)
          + "\",\"weight\":0.8},"
          + "{\"role\":\"lora\",\"sha256\":\""
          + hex64(0x10b)
          + "\",\"weight\":-0.35}],"
          + "\"negativePrompt\":\"blurry\",";

  @Test
  void inputsAndHiresAreWrittenCanonicallyAndReadBack() throws Exception {
    ProvenanceRecord r = withInputs();
    assertThat(r.toJson()).contains(GENERATION);
    ProvenanceRecord back = ProvenanceRecord.parse(r.toJson());
    assertThat(back).isEqualTo(r);
    assertThat(back.inputs()).isEqualTo(INPUTS);
    assertThat(back.hires()).isEqualTo(HIRES);
    assertThat(back.toJson()).isEqualTo(r.toJson());
    String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.toJsonLd());
    assertThat(ProvenanceRecord.parse(pretty).recordSha256()).isEqualTo(r.recordSha256());
    assertThat(Jcs.sha256(JSON.readTree(pretty))).isEqualTo(r.recordSha256());
    // Only inputs, or only a hires pass.
    for (ProvenanceRecord partial :
        List.of(withInputs(record(), INPUTS, null), withInputs(record(), List.of(), HIRES))) {
      assertThat(ProvenanceRecord.parse(partial.toJson())).isEqualTo(partial);
    }
    assertThat(withInputs(record(), INPUTS, null).toJsonLd().path("generation").has("hires"))
        .isFalse();
  }

  @Test
  void anInpaintedRecordIsACompositeAndTheReaderHoldsTheSourceTypeToTheInputs() {
    ProvenanceRecord inpainted = withInputs();
    String composite = ProvenanceRecord.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA;
    String generated = ProvenanceRecord.TRAINED_ALGORITHMIC_MEDIA;
    assertThat(inpainted.digitalSourceType()).isEqualTo(composite);
    assertThat(inpainted.toJsonLd().path("digitalSourceType").asText()).isEqualTo(composite);
    List<GenerationInput> noMask =
        INPUTS.stream().filter(i -> i.role() != GenerationInput.Role.MASK).toList();
    ProvenanceRecord redrawn = withInputs(record(), noMask, null);
    assertThat(redrawn.digitalSourceType()).isEqualTo(generated);
    assertThat(record().digitalSourceType()).isEqualTo(generated);

    assertThatThrownBy(
            () -> ProvenanceRecord.parse(inpainted.toJson().replace(composite, generated)))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessageContaining("digitalSourceType");
    assertThatThrownBy(() -> ProvenanceRecord.parse(redrawn.toJson().replace(generated, composite)))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessageContaining("digitalSourceType");
  }

  @Test
  void aRecordWithoutInputsIsExactlyTheTextToImageRecord() {
    ProvenanceRecord none = withInputs(record(), List.of(), null);
    assertThat(none).isEqualTo(record());
    assertThat(none.toJson()).isEqualTo(ProvenanceRecordTest.CANONICAL);
    assertThat(none.toJsonLd().path("generation").has("inputs")).isFalse();
    assertThat(none.toJsonLd().path("generation").has("hires")).isFalse();
    assertThat(record().inputs()).isEmpty();
    assertThat(record().hires()).isNull();
  }

  @Test
  void orderAndNegativeZeroAreCanonical() {
    List<GenerationInput> swapped =
        List.of(INPUTS.get(0), INPUTS.get(1), INPUTS.get(3), INPUTS.get(2));
    assertThat(withInputs(record(), swapped, HIRES).recordSha256())
        .as("the order of the LoRAs is part of the record")
        .isNotEqualTo(withInputs().recordSha256());
    ProvenanceRecord zero =
        withInputs(
            record(),
            List.of(new GenerationInput(Role.LORA, hex64(1), -0.0)),
            new HiresPass(1.5, -0.0));
    assertThat(Double.doubleToRawLongBits(zero.inputs().get(0).amount())).isZero();
    assertThat(Double.doubleToRawLongBits(zero.hires().strength())).isZero();
    assertThat(zero.toJson()).contains("\"weight\":0}").contains("\"strength\":0}");
    assertThat(ProvenanceRecord.parse(zero.toJson())).isEqualTo(zero);
  }

  @Test
  void aChangedInputBreaksTheCreatorsSignature() {
    ProvenanceRecord r = withInputs();
    Map<String, ProvenanceRecord> tampered = new LinkedHashMap<>();
    tampered.put("start hash", withInput(r, 0, i -> i.put("sha256", hex64(0x5b))));
    tampered.put("strength", withInput(r, 0, i -> i.put("strength", 0.61)));
    tampered.put("mask hash", withInput(r, 1, i -> i.put("sha256", hex64(0x6b))));
    tampered.put("blur", withInput(r, 1, i -> i.put("blur", 5)));
    // Without its mask the picture no longer says it is a composite, as a forger would write it.
    tampered.put(
        "no mask",
        withRoot(
            r,
            root -> {
              ((ArrayNode) root.with("generation").get("inputs")).remove(1);
              root.put("digitalSourceType", ProvenanceRecord.TRAINED_ALGORITHMIC_MEDIA);
            }));
    tampered.put("lora hash", withInput(r, 2, i -> i.put("sha256", hex64(0x10c))));
    tampered.put("weight", withInput(r, 2, i -> i.put("weight", 0.9)));
    tampered.put("one lora less", withGeneration(r, g -> ((ArrayNode) g.get("inputs")).remove(3)));
    tampered.put(
        "no inputs",
        withRoot(
            r,
            root -> {
              root.with("generation").remove("inputs");
              root.put("digitalSourceType", ProvenanceRecord.TRAINED_ALGORITHMIC_MEDIA);
            }));
    tampered.put("hires scale", withGeneration(r, g -> g.with("hires").put("scale", 2.0)));
    tampered.put("no hires", withGeneration(r, g -> g.remove("hires")));
    try (UnlockedAccount creator = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      String signature = ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, creator).value();
      assertThat(
              ProvenanceSignatures.verify(
                      ProvenanceRecord.parse(r.toJson()), Devnet.CHAIN_ID, signature)
                  .matches())
          .isTrue();
      tampered.forEach(
          (what, changed) -> {
            assertThat(changed).as(what).isNotEqualTo(r);
            Verification v = ProvenanceSignatures.verify(changed, Devnet.CHAIN_ID, signature);
            assertThat(v.matches()).as(what).isFalse();
            assertThat(v.recoveredSigner()).as(what).isNotEqualTo(ADDRESS_0);
          });
    }
  }

  @Test
  void theReaderRefusesWhatTheFormatDoesNotAllow() {
    String input0 = "Invalid provenance record: generation.inputs[0].";
    assertInvalid(
        g -> input(g, 0).put("role", "depth"),
        input0 + "role must be \"start-image\", \"mask\" or \"lora\", not \"depth\"");
    assertInvalid(
        g -> input(g, 1).put("blur", -1),
        "Invalid provenance record: generation.inputs[1].blur must not be negative, not -1.0");
    assertInvalid(
        g -> input(g, 1).remove("blur"),
        "Invalid provenance record: generation.inputs[1].blur is missing");
    assertInvalid(
        g -> input(g, 1).put("strength", 0.5),
        "Invalid provenance record: unknown field generation.inputs[1].strength");
    assertInvalid(
        g -> input(g, 2).put("sha256", hex64(0xabc).toUpperCase()),
        "Invalid provenance record: generation.inputs[2].sha256 must be a SHA-256 as 64 lowercase"
            + " hex digits, not \""
            + hex64(0xabc).toUpperCase()
            + "\"");
    assertInvalid(
        g -> input(g, 0).put("sha256", "abc"),
        input0 + "sha256 must be a SHA-256 as 64 lowercase hex digits, not \"abc\"");
    assertInvalid(
        g -> input(g, 0).put("sha256", 12), input0 + "sha256 must be a string, not number");
    assertInvalid(
        g -> input(g, 0).put("strength", "0.6"), input0 + "strength must be a number, not string");
    assertInvalid(
        g -> input(g, 0).put("strength", 1.5),
        input0 + "strength must be between 0 and 1, not 1.5");
    assertInvalid(g -> input(g, 0).remove("strength"), input0 + "strength is missing");
    assertInvalid(
        g -> input(g, 0).put("weight", 0.5),
        "Invalid provenance record: unknown field generation.inputs[0].weight");
    assertInvalid(
        g -> input(g, 3).put("name", "style.safetensors"),
        "Invalid provenance record: unknown field generation.inputs[3].name");
    assertInvalid(
        g -> g.put("inputs", JSON.createArrayNode()),
        "Invalid provenance record: generation.inputs must not be empty (it is left out when there"
            + " are none)");
    assertInvalid(
        g -> g.put("inputs", "none"),
        "Invalid provenance record: generation.inputs must be an array, not string");
    assertInvalid(
        g -> ((ArrayNode) g.get("inputs")).add(3),
        "Invalid provenance record: generation.inputs[4]. must be a JSON object, not number");
    assertInvalid(
        g -> g.with("hires").put("steps", 10),
        "Invalid provenance record: unknown field generation.hires.steps");
    assertInvalid(
        g -> g.with("hires").put("scale", 0),
        "Invalid provenance record: generation.hires.scale must be above 0, not 0.0");
    assertInvalid(
        g -> g.with("hires").remove("strength"),
        "Invalid provenance record: generation.hires.strength is missing");
  }

  @Test
  void nonFiniteAmountsAreRefused() {
    String json = withInputs().toJson();
    for (String[] change :
        new String[][] {
          {"\"weight\":0.8", "\"weight\":1e400", "generation.inputs[2].weight"},
          {"\"blur\":4", "\"blur\":1e400", "generation.inputs[1].blur"},
          {"\"strength\":0.6", "\"strength\":-1e400", "generation.inputs[0].strength"},
          {"\"scale\":1.5", "\"scale\":1e999", "generation.hires.scale"},
        }) {
      String changed = json.replace(change[0], change[1]);
      assertThat(changed).isNotEqualTo(json);
      assertThatThrownBy(() -> ProvenanceRecord.parse(changed))
          .isInstanceOf(InvalidProvenanceException.class)
          .hasMessageStartingWith("Invalid provenance record: " + change[2] + " must be a finite");
    }
    assertThatThrownBy(() -> withInputs(record(), List.of(), new HiresPass(Double.NaN, 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generation.hires.scale must be a finite number, not NaN");
    assertThatThrownBy(
            () ->
                withInputs(
                    record(), List.of(new GenerationInput(Role.START_IMAGE, hex64(1), 2)), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generation.inputs[0].strength must be between 0 and 1, not 2.0");
  }

  private static ObjectNode input(ObjectNode generation, int index) {
    return (ObjectNode) generation.get("inputs").get(index);
  }

  private static ProvenanceRecord withInput(
      ProvenanceRecord r, int index, Consumer<ObjectNode> change) {
    return withGeneration(r, g -> change.accept(input(g, index)));
  }

  private static void assertInvalid(Consumer<ObjectNode> change, String message) {
    ObjectNode tree = withInputs().toJsonLd();
    change.accept(tree.with("generation"));
    String json = tree.toString();
    assertThatThrownBy(() -> ProvenanceRecord.parse(json))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessage(message);
  }
}
