package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.AppInfo;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingredients in the manifest Atelier writes and reads itself: what is written for a start picture,
 * a mask and LoRAs, that a picture without inputs keeps the manifest it had, and that a changed
 * ingredient (its file hash, its relationship) or actions that do not match the ingredients break
 * the manifest.
 */
class C2paIngredientsTest {

  private static final byte[] INSTALL = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
  private static final byte[] RECORD =
      "{\"@type\":\"CreativeWork\",\"artist\":\"alice\"}".getBytes(StandardCharsets.UTF_8);

  static final ManifestSpec.Ingredient START =
      new ManifestSpec.Ingredient(
          "Start picture, strength 0.6",
          null,
          IngredientRelationship.PARENT_OF,
          "5a".repeat(32),
          "The picture it started from",
          List.of());
  static final ManifestSpec.Ingredient MASK =
      new ManifestSpec.Ingredient(
          "Mask, blur 4 px",
          "image/png",
          IngredientRelationship.INPUT_TO,
          "3c".repeat(32),
          null,
          List.of());
  static final ManifestSpec.Ingredient LORA =
      new ManifestSpec.Ingredient(
          "LoRA, weight 0.8",
          "application/octet-stream",
          IngredientRelationship.INPUT_TO,
          "10".repeat(32),
          "A LoRA merged into the model",
          List.of("c2pa.types.model"));

  @TempDir Path dir;

  private UnlockedAccount account;
  private C2paIdentity signer;

  @BeforeEach
  void unlock() {
    account = TestAccounts.unlocked(TestAccounts.KEY_0);
    signer = C2paIdentity.of(account, INSTALL, dir.resolve("c2pa"));
  }

  @AfterEach
  void lock() {
    account.close();
  }

  private byte[] signed(ManifestSpec.Ingredient... ingredients) {
    ManifestSpec spec =
        ManifestSpec.of("Harbour")
            .withJsonAssertion("dev.atelier.provenance", RECORD)
            .withIngredients(List.of(ingredients));
    return C2paPng.embed(TestPngs.png(3), spec, signer);
  }

  /** The signed manifest's assertions, label to superbox, in store order. */
  static Map<String, Jumbf.SuperBox> assertions(byte[] png) {
    Jumbf.SuperBox store = Jumbf.parse(C2paPng.manifestStore(png).orElseThrow());
    Map<String, Jumbf.SuperBox> out = new LinkedHashMap<>();
    for (Jumbf.SuperBox a :
        store.superBoxes().getFirst().single(Jumbf.ASSERTION_STORE, "store").superBoxes()) {
      out.put(a.label(), a);
    }
    return out;
  }

  static Map<?, ?> cbor(Jumbf.SuperBox assertion) {
    return (Map<?, ?>) Cbor.decode(assertion.content("cbor"), assertion.label());
  }

  private static byte[] sha256(Jumbf.SuperBox box) {
    return C2paDigests.digest("sha256", box.payload(), 0, box.payload().length);
  }

  @Test
  void aPictureWithoutInputsKeepsTheManifestItHadBeforeIngredients() {
    byte[] png = signed();
    Map<String, Jumbf.SuperBox> boxes = assertions(png);
    assertThat(boxes.keySet())
        .containsExactly("c2pa.actions.v2", "dev.atelier.provenance", "c2pa.hash.data");
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Atelier");
    agent.put("version", AppInfo.version());
    Map<String, Object> created = new LinkedHashMap<>();
    created.put("action", "c2pa.created");
    created.put("softwareAgent", agent);
    created.put("digitalSourceType", C2paPng.TRAINED_ALGORITHMIC_MEDIA);
    assertThat(boxes.get("c2pa.actions.v2").content("cbor"))
        .as("byte for byte the actions written before ingredients existed")
        .isEqualTo(Cbor.encode(Map.of("actions", List.of(created))));

    C2paReport report = C2paPng.read(png);
    assertThat(report.valid()).as(report.problems().toString()).isTrue();
    assertThat(report.ingredients()).isEmpty();
    assertThat(report.actions()).containsExactly("c2pa.created");
  }

  @Test
  void aStartPictureIsOpenedAndTheMaskAndLoraGoIntoTheEdit() {
    byte[] png = signed(START, MASK, LORA);
    Map<String, Jumbf.SuperBox> boxes = assertions(png);
    assertThat(boxes.keySet())
        .containsExactly(
            "c2pa.ingredient.v3",
            "c2pa.ingredient.v3__1",
            "c2pa.ingredient.v3__2",
            "c2pa.actions.v2",
            "dev.atelier.provenance",
            "c2pa.hash.data");

    Map<?, ?> lora = cbor(boxes.get("c2pa.ingredient.v3__2"));
    assertThat(new ArrayList<Object>(lora.keySet()))
        .containsExactly(
            "dc:title", "dc:format", "relationship", "instanceID", "dataTypes", "description");
    assertThat(lora.get("relationship")).isEqualTo("inputTo");
    assertThat(lora.get("instanceID")).isEqualTo("nih:sha-256;" + "10".repeat(32));
    assertThat(lora.get("dataTypes")).isEqualTo(List.of(Map.of("type", "c2pa.types.model")));
    Map<?, ?> start = cbor(boxes.get("c2pa.ingredient.v3"));
    assertThat(new ArrayList<Object>(start.keySet()))
        .as("no format when it is not known")
        .containsExactly("dc:title", "relationship", "instanceID", "description");
    assertThat(start.get("relationship")).isEqualTo("parentOf");

    List<?> actions = (List<?>) cbor(boxes.get("c2pa.actions.v2")).get("actions");
    Map<?, ?> opened = (Map<?, ?>) actions.get(0);
    Map<?, ?> edited = (Map<?, ?>) actions.get(1);
    assertThat(opened.get("action")).isEqualTo("c2pa.opened");
    assertThat(opened.containsKey("digitalSourceType")).isFalse();
    assertThat(ingredientRefs(opened)).containsExactly("c2pa.ingredient.v3");
    assertThat(edited.get("action")).isEqualTo("c2pa.edited");
    assertThat(edited.get("digitalSourceType")).isEqualTo(C2paPng.TRAINED_ALGORITHMIC_MEDIA);
    assertThat(ingredientRefs(edited))
        .containsExactly("c2pa.ingredient.v3__1", "c2pa.ingredient.v3__2");
    Map<?, ?> ref =
        (Map<?, ?>) ((List<?>) ((Map<?, ?>) opened.get("parameters")).get("ingredients")).get(0);
    assertThat(ref.get("alg")).isEqualTo("sha256");
    assertThat((byte[]) ref.get("hash")).isEqualTo(sha256(boxes.get("c2pa.ingredient.v3")));

    C2paReport report = C2paPng.read(png);
    assertThat(report.valid()).as(report.problems().toString()).isTrue();
    assertThat(report.actions()).containsExactly("c2pa.opened", "c2pa.edited");
    assertThat(report.digitalSourceType()).isEqualTo(C2paPng.TRAINED_ALGORITHMIC_MEDIA);
    assertThat(report.softwareAgent()).isEqualTo("Atelier " + AppInfo.version());
    assertThat(report.ingredients())
        .containsExactly(
            new C2paReport.Ingredient(
                "c2pa.ingredient.v3",
                "Start picture, strength 0.6",
                null,
                IngredientRelationship.PARENT_OF,
                "nih:sha-256;" + "5a".repeat(32),
                "5a".repeat(32),
                "The picture it started from",
                List.of(),
                false),
            new C2paReport.Ingredient(
                "c2pa.ingredient.v3__1",
                "Mask, blur 4 px",
                "image/png",
                IngredientRelationship.INPUT_TO,
                "nih:sha-256;" + "3c".repeat(32),
                "3c".repeat(32),
                null,
                List.of(),
                false),
            new C2paReport.Ingredient(
                "c2pa.ingredient.v3__2",
                "LoRA, weight 0.8",
                "application/octet-stream",
                IngredientRelationship.INPUT_TO,
                "nih:sha-256;" + "10".repeat(32),
                "10".repeat(32),
                "A LoRA merged into the model",
                List.of("c2pa.types.model"),
                false));
  }

  @Test
  void inputsWithoutAStartPictureAreNamedByTheCreatedAction() {
    byte[] png = signed(LORA, MASK);
    List<?> actions = (List<?>) cbor(assertions(png).get("c2pa.actions.v2")).get("actions");
    assertThat(actions).hasSize(1);
    Map<?, ?> created = (Map<?, ?>) actions.getFirst();
    assertThat(created.get("action")).isEqualTo("c2pa.created");
    assertThat(created.get("digitalSourceType")).isEqualTo(C2paPng.TRAINED_ALGORITHMIC_MEDIA);
    assertThat(ingredientRefs(created))
        .containsExactly("c2pa.ingredient.v3", "c2pa.ingredient.v3__1");
    C2paReport report = C2paPng.read(png);
    assertThat(report.valid()).as(report.problems().toString()).isTrue();
    assertThat(report.ingredients())
        .extracting(C2paReport.Ingredient::title)
        .containsExactly("LoRA, weight 0.8", "Mask, blur 4 px");
  }

  @Test
  void anotherDigitalSourceTypeGoesOnTheActionThatMadeThePixels() {
    String composite =
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
    ManifestSpec spec =
        ManifestSpec.of("x").withIngredients(List.of(START, MASK)).withDigitalSourceType(composite);
    C2paReport report = C2paPng.read(C2paPng.embed(TestPngs.png(4), spec, signer));
    assertThat(report.valid()).as(report.problems().toString()).isTrue();
    assertThat(report.digitalSourceType()).isEqualTo(composite);
  }

  private static List<String> ingredientRefs(Map<?, ?> action) {
    List<String> labels = new ArrayList<>();
    for (Object o : (List<?>) ((Map<?, ?>) action.get("parameters")).get("ingredients")) {
      String url = (String) ((Map<?, ?>) o).get("url");
      assertThat(url).startsWith("self#jumbf=c2pa.assertions/");
      labels.add(url.substring("self#jumbf=c2pa.assertions/".length()));
    }
    return labels;
  }

  // ---- tampering

  /**
   * {@code png} with ingredient {@code label}'s CBOR replaced by {@code change} of it; the new
   * encoding must keep the length, so only the hashes can notice.
   */
  static byte[] withIngredient(
      byte[] png, String label, java.util.function.Consumer<Map<Object, Object>> change) {
    byte[] before = assertions(png).get(label).content("cbor");
    Map<Object, Object> m = new LinkedHashMap<>(cbor(assertions(png).get(label)));
    change.accept(m);
    return TestPngs.editManifest(png, before, Cbor.encode(m));
  }

  /** A changed hex digit of the file hash in ingredient {@code label}. */
  static byte[] withChangedHash(byte[] png, String label) {
    return withIngredient(
        png,
        label,
        m -> {
          String id = (String) m.get("instanceID");
          m.put("instanceID", id.substring(0, id.length() - 1) + (id.endsWith("0") ? "1" : "0"));
        });
  }

  /**
   * Ingredient {@code label} (inputTo) made parentOf, its title a character shorter to keep size.
   */
  static byte[] withParentRelationship(byte[] png, String label) {
    return withIngredient(
        png,
        label,
        m -> {
          assertThat(m.get("relationship")).isEqualTo("inputTo");
          m.put("relationship", "parentOf");
          m.put("dc:title", ((String) m.get("dc:title")).substring(1));
        });
  }

  @Test
  void aChangedIngredientHashBreaksTheManifest() {
    byte[] forged = withChangedHash(signed(START, MASK, LORA), "c2pa.ingredient.v3__2");
    C2paReport report = C2paPng.read(forged);
    assertThat(report.valid()).isFalse();
    assertThat(report.signatureValid()).isTrue();
    assertThat(report.assertionHashesValid()).isFalse();
    assertThat(report.ingredients().get(2).fileSha256()).endsWith("11");
    assertThat(report.problems())
        .contains(
            "Assertion c2pa.ingredient.v3__2 was changed after signing: its hash does not match",
            "Action c2pa.edited names self#jumbf=c2pa.assertions/c2pa.ingredient.v3__2, which is"
                + " not an unaltered ingredient of this manifest");
  }

  @Test
  void aChangedRelationshipBreaksTheManifest() {
    byte[] forged = withParentRelationship(signed(START, LORA), "c2pa.ingredient.v3__1");
    assertThat(forged).hasSameSizeAs(signed(START, LORA));
    C2paReport report = C2paPng.read(forged);
    assertThat(report.valid()).isFalse();
    assertThat(report.assertionHashesValid()).isFalse();
    assertThat(report.ingredients().get(1).relationship())
        .isEqualTo(IngredientRelationship.PARENT_OF);
    assertThat(report.problems())
        .contains(
            "Assertion c2pa.ingredient.v3__1 was changed after signing: its hash does not match",
            "The manifest has 2 parentOf ingredients; C2PA allows one");
    assertThat(
            C2paPng.read(
                    withIngredient(
                        signed(LORA), "c2pa.ingredient.v3", m -> m.put("relationship", "inputTx")))
                .problems())
        .contains(
            "Ingredient c2pa.ingredient.v3 has relationship \"inputTx\"; C2PA defines parentOf,"
                + " componentOf and inputTo");
  }

  // ---- the reader's checks on manifests Atelier does not write

  private static Jumbf.SuperBox box(String label, Object cbor) {
    AssertionBox a = AssertionBox.cbor(label, cbor);
    return Jumbf.parse(Jumbf.box("jumb", a.superBoxPayload()));
  }

  private static Map<String, Object> ingredient(String relationship) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dc:title", "t");
    m.put("relationship", relationship);
    return m;
  }

  private static Map<String, Object> action(String name, Jumbf.SuperBox... named) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("action", name);
    List<Object> refs = new ArrayList<>();
    for (Jumbf.SuperBox b : named) {
      refs.add(
          Map.of(
              "url",
              "self#jumbf=/c2pa/urn:c2pa:m/c2pa.assertions/" + b.label(),
              "hash",
              sha256(b)));
    }
    if (named.length > 0) {
      a.put("parameters", Map.of("ingredients", refs));
    }
    return a;
  }

  /** The problems {@link C2paIngredients#read} finds in these assertions and actions. */
  private static List<String> problems(List<Jumbf.SuperBox> boxes, List<Map<String, Object>> acts) {
    return problems(boxes, acts, true);
  }

  private static List<String> problems(
      List<Jumbf.SuperBox> boxes, List<Map<String, Object>> acts, boolean standard) {
    Map<String, Jumbf.SuperBox> signed = new LinkedHashMap<>();
    boxes.forEach(b -> signed.put(b.label(), b));
    List<String> problems = new ArrayList<>();
    C2paActions.Read read = C2paActions.read(Map.of("actions", acts), problems);
    C2paIngredients.read(signed, read, "urn:c2pa:m", standard, "sha256", problems);
    return problems;
  }

  @Test
  void theReaderChecksIngredientsAgainstTheActions() {
    Jumbf.SuperBox parent = box("c2pa.ingredient.v3", ingredient("parentOf"));
    Jumbf.SuperBox input = box("c2pa.ingredient.v3__1", ingredient("inputTo"));
    Jumbf.SuperBox parent2 = box("c2pa.ingredient.v3__2", ingredient("parentOf"));

    assertThat(
            problems(
                List.of(parent, input),
                List.of(action("c2pa.opened", parent), action("c2pa.edited", input))))
        .isEmpty();
    assertThat(problems(List.of(parent), List.of(action("c2pa.created"))))
        .containsExactly(
            "Ingredient c2pa.ingredient.v3 is parentOf, but no c2pa.opened action names it");
    assertThat(problems(List.of(parent), List.of(), false))
        .as("an update manifest's parent, the asset it updates, is opened by no action")
        .isEmpty();
    assertThat(problems(List.of(parent, input), List.of(action("c2pa.opened", input))))
        .contains("Action c2pa.opened must name exactly one ingredient, the parentOf one");
    assertThat(problems(List.of(parent, parent2), List.of(action("c2pa.opened", parent, parent2))))
        .contains(
            "The manifest has 2 parentOf ingredients; C2PA allows one",
            "Action c2pa.opened must name exactly one ingredient, the parentOf one");
    assertThat(problems(List.of(input), List.of(action("c2pa.created", parent))))
        .containsExactly(
            "Action c2pa.created names self#jumbf=/c2pa/urn:c2pa:m/c2pa.assertions/"
                + "c2pa.ingredient.v3, which is not an unaltered ingredient of this manifest");
    assertThat(
            problems(
                List.of(parent, input),
                List.of(action("c2pa.edited", input), action("c2pa.opened", parent))))
        .contains("Action c2pa.opened is not the first action; C2PA allows it only first");
    Map<String, Object> v2 = ingredient("inputTo");
    assertThat(problems(List.of(box("c2pa.ingredient.v2", v2)), List.of(action("c2pa.created"))))
        .containsExactly(
            "Ingredient c2pa.ingredient.v2 cannot be read: Ingredient c2pa.ingredient.v2 has no"
                + " field \"dc:format\"");
  }

  // ---- what a spec accepts

  @Test
  void aSpecRefusesIngredientsC2paWouldNotAccept() {
    assertThatThrownBy(() -> ManifestSpec.of("x").withIngredients(List.of(START, START)))
        .hasMessage("A C2PA manifest has at most one parentOf ingredient, not 2");
    assertThatThrownBy(
            () ->
                new ManifestSpec.Ingredient(
                    "t",
                    null,
                    IngredientRelationship.COMPONENT_OF,
                    "5a".repeat(32),
                    null,
                    List.of()))
        .hasMessageContaining("componentOf ingredient needs a c2pa.placed action");
    assertThatThrownBy(
            () ->
                new ManifestSpec.Ingredient(
                    "t", null, IngredientRelationship.INPUT_TO, "5A".repeat(32), null, List.of()))
        .hasMessageContaining("64 lowercase hex digits");
    assertThatThrownBy(
            () ->
                new ManifestSpec.Ingredient(
                    "t", "png", IngredientRelationship.INPUT_TO, "5a".repeat(32), null, List.of()))
        .hasMessageContaining("\"png\" is not a media type");
    assertThatThrownBy(
            () ->
                new ManifestSpec.Ingredient(
                    "t",
                    null,
                    IngredientRelationship.INPUT_TO,
                    "5a".repeat(32),
                    null,
                    List.of("model")))
        .hasMessageContaining("\"model\" is not a C2PA asset type");
    assertThatThrownBy(
            () ->
                new ManifestSpec.Ingredient(
                    " ", null, IngredientRelationship.INPUT_TO, "5a".repeat(32), null, List.of()))
        .hasMessageContaining("ingredient title");
    assertThatThrownBy(() -> ManifestSpec.of("x").withDigitalSourceType("trained"))
        .hasMessageContaining("not an absolute URI");
  }
}
