package dev.atelier.provenance;

import static dev.atelier.provenance.ProvenanceFixtures.INPUTS;
import static dev.atelier.provenance.ProvenanceFixtures.hex64;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.Studio;
import dev.atelier.c2pa.C2paIdentity;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.C2paReport;
import dev.atelier.c2pa.C2paRs;
import dev.atelier.c2pa.IngredientRelationship;
import dev.atelier.c2pa.ManifestSpec;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.GenerationInput.Role;
import dev.atelier.config.AppDirs;
import dev.atelier.license.Licenses;
import dev.atelier.testing.GeneratedAssets;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation's inputs as C2PA ingredients: how each role maps (the start picture parentOf, LoRAs,
 * a mask and roles added later inputTo), the ingredients of a signed picture, and the verifier
 * refusing a manifest whose ingredients are not the signed record's inputs, even when the manifest
 * itself was signed again.
 */
class InputIngredientsTest {

  @TempDir Path home;
  Studio studio;
  UnlockedAccount artist;

  @BeforeEach
  void open() {
    studio =
        Studio.start(AppDirs.under(home), Clock.fixed(ProvenanceServiceTest.NOW, ZoneOffset.UTC));
    artist = TestAccounts.unlocked(TestAccounts.KEY_0);
  }

  @AfterEach
  void close() {
    artist.close();
    studio.close();
  }

  @Test
  void eachRoleBecomesAnIngredientNamedByItsFileHash() {
    List<ManifestSpec.Ingredient> ingredients = InputIngredients.of(INPUTS);
    assertThat(ingredients)
        .containsExactly(
            new ManifestSpec.Ingredient(
                "Start picture, strength 0.6",
                null,
                IngredientRelationship.PARENT_OF,
                hex64(0x5a),
                "The picture an image-to-image generation started from, redrawn by the model at"
                    + " strength 0.6",
                List.of()),
            new ManifestSpec.Ingredient(
                "Mask, blur 4 px",
                null,
                IngredientRelationship.INPUT_TO,
                hex64(0x6a),
                "The mask that chose where the model redrew the start picture, blur 4 px",
                List.of()),
            new ManifestSpec.Ingredient(
                "LoRA, weight 0.8",
                "application/octet-stream",
                IngredientRelationship.INPUT_TO,
                hex64(0x10a),
                "A LoRA (safetensors file) merged into the model's weights at weight 0.8",
                List.of("c2pa.types.model")),
            new ManifestSpec.Ingredient(
                "LoRA, weight -0.35",
                "application/octet-stream",
                IngredientRelationship.INPUT_TO,
                hex64(0x10b),
                "A LoRA (safetensors file) merged into the model's weights at weight -0.35",
                List.of("c2pa.types.model")));
    assertThat(InputIngredients.of(List.of())).isEmpty();

    // Roles this build does not know yet are inputs to the model: inputTo.
    ManifestSpec.Ingredient depth =
        InputIngredients.ingredient("depth-map", "weight", hex64(0xd), 1.0);
    assertThat(depth.relationship()).isEqualTo(IngredientRelationship.INPUT_TO);
    assertThat(depth.title()).isEqualTo("Depth map, weight 1.0");
    assertThat(depth.description())
        .isEqualTo("An input to the generation in role \"depth-map\", weight 1.0");
  }

  private byte[] signedWithInputs(int seed, List<GenerationInput> inputs) throws Exception {
    Asset asset = GeneratedAssets.variant(studio, home, seed, "harbour at dusk", "", inputs, null);
    return Files.readAllBytes(
        studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, artist).file());
  }

  @Test
  void aSignedPictureCarriesItsInputsAsIngredientsAndVerifies() throws Exception {
    byte[] png = signedWithInputs(11, INPUTS);
    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(png);
    assertThat(report.problems()).isEmpty();
    C2paReport c2pa = report.c2pa();
    assertThat(c2pa.actions()).containsExactly("c2pa.opened", "c2pa.edited");
    assertThat(c2pa.ingredients())
        .extracting(C2paReport.Ingredient::label)
        .containsExactly(
            "c2pa.ingredient.v3",
            "c2pa.ingredient.v3__1",
            "c2pa.ingredient.v3__2",
            "c2pa.ingredient.v3__3");
    assertThat(c2pa.ingredients())
        .extracting(C2paReport.Ingredient::fileSha256)
        .containsExactly(hex64(0x5a), hex64(0x6a), hex64(0x10a), hex64(0x10b));
    assertThat(c2pa.ingredients())
        .extracting(C2paReport.Ingredient::relationship)
        .containsExactly(
            IngredientRelationship.PARENT_OF,
            IngredientRelationship.INPUT_TO,
            IngredientRelationship.INPUT_TO,
            IngredientRelationship.INPUT_TO);

    // A picture made from its prompt alone has none, and the created action as before.
    C2paReport plain = ProvenanceVerifier.verify(signedWithInputs(12, List.of())).c2pa();
    assertThat(plain.ingredients()).isEmpty();
    assertThat(plain.actions()).containsExactly("c2pa.created");
  }

  /**
   * {@code signed}'s manifest made again by someone else, with the same signed record and these
   * ingredients.
   */
  private byte[] resigned(byte[] signed, List<ManifestSpec.Ingredient> ingredients) {
    try (UnlockedAccount mallory = TestAccounts.unlocked(TestAccounts.KEY_1)) {
      return C2paPng.embed(
          C2paPng.strip(signed),
          ManifestSpec.of("x")
              .withIngredients(ingredients)
              .withJsonAssertion(
                  ProvenanceService.ASSERTION_LABEL,
                  C2paPng.read(signed).jsonAssertions().get(ProvenanceService.ASSERTION_LABEL)),
          C2paIdentity.of(mallory, new byte[16], home.resolve("mallory")));
    }
  }

  @Test
  void ingredientsThatAreNotTheRecordsInputsFailVerification() throws Exception {
    List<GenerationInput> inputs = List.of(INPUTS.get(0), INPUTS.get(2)); // start, a LoRA
    byte[] signed = signedWithInputs(13, inputs);
    List<ManifestSpec.Ingredient> right = InputIngredients.of(inputs);
    assertThat(ProvenanceVerifier.verify(resigned(signed, right)).problems())
        .as("the same ingredients, signed again")
        .isEmpty();

    ManifestSpec.Ingredient start = right.get(0);
    ManifestSpec.Ingredient lora = right.get(1);
    Map<String, List<ManifestSpec.Ingredient>> wrong = new LinkedHashMap<>();
    wrong.put("another LoRA file", List.of(start, withHash(lora, hex64(0x10c))));
    wrong.put("another start picture", List.of(withHash(start, hex64(0x5b)), lora));
    wrong.put(
        "the start picture as an input only",
        List.of(withRelationship(start, IngredientRelationship.INPUT_TO), lora));
    wrong.put(
        "the LoRA as the parent",
        List.of(
            withRelationship(start, IngredientRelationship.INPUT_TO),
            withRelationship(lora, IngredientRelationship.PARENT_OF)));
    wrong.put("in another order", List.of(lora, start));
    wrong.put("one left out", List.of(start));
    wrong.put("none", List.of());
    Map<String, String> problems = new LinkedHashMap<>();
    wrong.forEach(
        (what, ingredients) -> {
          ProvenanceVerifier.Report report =
              ProvenanceVerifier.verify(resigned(signed, ingredients));
          assertThat(report.c2pa().valid()).as(what).isTrue();
          assertThat(report.signature().matches()).as(what).isTrue();
          assertThat(report.valid()).as(what).isFalse();
          assertThat(report.verdict()).as(what).isEqualTo(ProvenanceVerifier.Verdict.NOT_VERIFIED);
          assertThat(report.problems()).as(what).hasSize(1);
          problems.put(what, report.problems().getFirst());
        });
    assertThat(problems.get("another LoRA file"))
        .isEqualTo(
            "The C2PA ingredients are not the record's inputs: ingredient c2pa.ingredient.v3__1 is"
                + " inputTo with file sha256 "
                + hex64(0x10c)
                + ", but the record's input 2 (lora) is inputTo with file sha256 "
                + hex64(0x10a));
    assertThat(problems.get("the start picture as an input only"))
        .isEqualTo(
            "The C2PA ingredients are not the record's inputs: ingredient c2pa.ingredient.v3 is"
                + " inputTo with file sha256 "
                + hex64(0x5a)
                + ", but the record's input 1 (start-image) is parentOf with file sha256 "
                + hex64(0x5a));
    assertThat(problems.get("none"))
        .isEqualTo(
            "The C2PA ingredients are not the record's inputs: the record names 2 input(s), the"
                + " C2PA manifest 0 ingredient(s)");
  }

  private static ManifestSpec.Ingredient withHash(ManifestSpec.Ingredient in, String sha256) {
    return new ManifestSpec.Ingredient(
        in.title(), in.format(), in.relationship(), sha256, in.description(), in.dataTypes());
  }

  private static ManifestSpec.Ingredient withRelationship(
      ManifestSpec.Ingredient in, IngredientRelationship relationship) {
    return new ManifestSpec.Ingredient(
        in.title(), in.format(), relationship, in.fileSha256(), in.description(), in.dataTypes());
  }

  @Test
  void aStartPictureMaskAndLoraValidateInC2paRs() throws Exception {
    List<GenerationInput> inputs =
        List.of(
            new GenerationInput(Role.START_IMAGE, hex64(0x5a), 0.75),
            new GenerationInput(Role.MASK, hex64(0x3c), 4),
            new GenerationInput(Role.LORA, hex64(0x10a), 0.8));
    byte[] inpainted = signedWithInputs(14, inputs);
    assertThat(ProvenanceVerifier.verify(inpainted).problems()).isEmpty();

    C2paReport ours = C2paPng.read(inpainted);
    assertThat(ours.valid()).as(ours.problems().toString()).isTrue();
    JsonNode result = C2paRs.read(inpainted, home);
    assertThat(C2paRs.codes(result, "failure")).containsExactly("signingCredential.untrusted");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Valid");
    JsonNode rs = result.path("store").path("manifests").path(result.path("activeLabel").asText());
    List<String> seen = new ArrayList<>();
    rs.path("ingredients")
        .forEach(
            i ->
                seen.add(
                    i.path("relationship").asText()
                        + " "
                        + i.path("title").asText()
                        + " "
                        + i.path("instance_id").asText()));
    assertThat(seen)
        .containsExactly(
            "parentOf Start picture, strength 0.75 nih:sha-256;" + hex64(0x5a),
            "inputTo Mask, blur 4 px nih:sha-256;" + hex64(0x3c),
            "inputTo LoRA, weight 0.8 nih:sha-256;" + hex64(0x10a));
  }
}
