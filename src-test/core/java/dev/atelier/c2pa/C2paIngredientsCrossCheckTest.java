package dev.atelier.c2pa;

import static dev.atelier.c2pa.C2paCrossCheckTest.ACCEPTED_FAILURES;
import static dev.atelier.c2pa.C2paCrossCheckTest.ACCEPTED_INFORMATIONAL;
import static dev.atelier.c2pa.C2paIngredientsTest.LORA;
import static dev.atelier.c2pa.C2paIngredientsTest.MASK;
import static dev.atelier.c2pa.C2paIngredientsTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests with ingredients, read by c2pa-rs (the C2PA reference implementation, through {@code
 * tools/js/c2pa-check.mjs}): it validates them, checking the actions against the ingredients
 * (c2pa.opened must name the parentOf ingredient), and reports each ingredient with its title,
 * format, relationship and instance id; a changed ingredient fails its hash.
 */
class C2paIngredientsCrossCheckTest {

  private static final byte[] INSTALL = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f");

  @TempDir Path dir;

  private UnlockedAccount account;
  private C2paIdentity signer;

  @BeforeEach
  void unlock() {
    account = TestAccounts.unlocked(TestAccounts.KEY_1);
    signer = C2paIdentity.of(account, INSTALL, dir.resolve("c2pa"));
  }

  @AfterEach
  void lock() {
    account.close();
  }

  private byte[] signed(ManifestSpec spec) {
    return C2paPng.embed(TestPngs.png(8), spec, signer);
  }

  static JsonNode manifest(JsonNode result) {
    return result.path("store").path("manifests").path(result.path("activeLabel").asText());
  }

  static JsonNode actions(JsonNode manifest) {
    for (JsonNode a : manifest.path("assertions")) {
      if (a.path("label").asText().equals("c2pa.actions.v2")) {
        return a.path("data").path("actions");
      }
    }
    throw new AssertionError("c2pa-rs shows no actions in " + manifest);
  }

  /** c2pa-rs found nothing wrong but the self-signed certificate. */
  static void assertValid(JsonNode result) {
    assertThat(result.path("manifest").asBoolean()).as(result.toString()).isTrue();
    assertThat(C2paRs.codes(result, "failure")).containsOnlyElementsOf(ACCEPTED_FAILURES);
    assertThat(C2paRs.codes(result, "informational")).isSubsetOf(ACCEPTED_INFORMATIONAL);
    assertThat(C2paRs.codes(result, "success"))
        .contains("claimSignature.validated", "assertion.dataHash.match");
    assertThat(result.path("store").path("validation_state").asText())
        .as(result.path("store").path("validation_results").toString())
        .isEqualTo("Valid");
  }

  /** The informational codes c2pa-rs gave each ingredient, one list per ingredient assertion. */
  static List<String> ingredientCodes(JsonNode result, String kind) {
    List<String> codes = new ArrayList<>();
    for (JsonNode delta :
        result.path("store").path("validation_results").path("ingredientDeltas")) {
      String uri = delta.path("ingredientAssertionURI").asText();
      delta
          .path("validationDeltas")
          .path(kind)
          .forEach(
              c ->
                  codes.add(
                      uri.substring(uri.lastIndexOf('/') + 1) + " " + c.path("code").asText()));
    }
    return codes;
  }

  @Test
  void anInpaintedPictureWithItsStartPictureMaskAndLoraValidates() {
    String composite =
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
    byte[] png =
        signed(
            ManifestSpec.of("Harbour, repainted")
                .withIngredients(List.of(START, MASK, LORA))
                .withDigitalSourceType(composite));
    JsonNode result = C2paRs.read(png, dir);
    assertValid(result);
    List<String> success = C2paRs.codes(result, "success");
    // ingredients, actions, data hash
    assertThat(success).filteredOn("assertion.hashedURI.match"::equals).hasSize(5);
    // A parent without a manifest of its own is of unknown provenance: information, not failure.
    assertThat(ingredientCodes(result, "informational"))
        .containsExactly("c2pa.ingredient.v3 ingredient.unknownProvenance");
    assertThat(ingredientCodes(result, "failure")).isEmpty();

    JsonNode ingredients = manifest(result).path("ingredients");
    assertThat(ingredients).hasSize(3);
    assertIngredient(ingredients.get(0), "c2pa.ingredient.v3", START);
    assertIngredient(ingredients.get(1), "c2pa.ingredient.v3__1", MASK);
    assertIngredient(ingredients.get(2), "c2pa.ingredient.v3__2", LORA);
    assertThat(ingredients.get(2).path("data_types").path(0).path("type").asText())
        .isEqualTo("c2pa.types.model");
    assertThat(ingredients.get(0).has("format")).isFalse();

    JsonNode actions = actions(manifest(result));
    assertThat(actions).hasSize(2);
    assertThat(actions.get(0).path("action").asText()).isEqualTo("c2pa.opened");
    assertThat(actions.get(0).path("parameters").path("ingredients").get(0).path("url").asText())
        .isEqualTo("self#jumbf=c2pa.assertions/c2pa.ingredient.v3");
    assertThat(actions.get(1).path("action").asText()).isEqualTo("c2pa.edited");
    assertThat(actions.get(1).path("digitalSourceType").asText()).isEqualTo(composite);
    assertThat(actions.get(1).path("parameters").path("ingredients")).hasSize(2);
  }

  private static void assertIngredient(JsonNode rs, String label, ManifestSpec.Ingredient written) {
    assertThat(rs.path("label").asText()).isEqualTo(label);
    assertThat(rs.path("title").asText()).isEqualTo(written.title());
    assertThat(rs.path("relationship").asText()).isEqualTo(written.relationship().word());
    assertThat(rs.path("instance_id").asText()).isEqualTo("nih:sha-256;" + written.fileSha256());
    if (written.format() != null) {
      assertThat(rs.path("format").asText()).isEqualTo(written.format());
    }
    if (written.description() != null) {
      assertThat(rs.path("description").asText()).isEqualTo(written.description());
    }
  }

  @Test
  void loraOnlyIngredientsHangOnTheCreatedActionAndValidate() {
    JsonNode result = C2paRs.read(signed(ManifestSpec.of("x").withIngredients(List.of(LORA))), dir);
    assertValid(result);
    assertThat(ingredientCodes(result, "informational")).isEmpty();
    JsonNode actions = actions(manifest(result));
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).path("action").asText()).isEqualTo("c2pa.created");
    assertThat(actions.get(0).path("parameters").path("ingredients").get(0).path("url").asText())
        .isEqualTo("self#jumbf=c2pa.assertions/c2pa.ingredient.v3");
    assertIngredient(manifest(result).path("ingredients").get(0), "c2pa.ingredient.v3", LORA);
  }

  @Test
  void c2paRsSeesAChangedIngredientHashOrRelationship() {
    byte[] png = signed(ManifestSpec.of("x").withIngredients(List.of(START, LORA)));
    assertValid(C2paRs.read(png, dir));
    for (byte[] forged :
        List.of(
            C2paIngredientsTest.withChangedHash(png, "c2pa.ingredient.v3"),
            C2paIngredientsTest.withParentRelationship(png, "c2pa.ingredient.v3__1"))) {
      JsonNode result = C2paRs.read(forged, dir);
      assertThat(C2paRs.codes(result, "failure")).contains("assertion.hashedURI.mismatch");
      assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Invalid");
    }
  }
}
