package dev.atelier.c2pa;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingredient assertions: the {@code c2pa.ingredient.v3} assertions {@link C2paPng#embed} writes for
 * a spec's ingredients, and the reading and checking of any ingredient assertion (v1, v2 or v3) for
 * {@link C2paManifestReader}.
 *
 * <h2>What is written</h2>
 *
 * One assertion per ingredient, labelled {@code c2pa.ingredient.v3}, {@code c2pa.ingredient.v3__1},
 * {@code c2pa.ingredient.v3__2}, … in the spec's order:
 *
 * <pre>{@code
 * {"dc:title": "LoRA, weight 0.8", "dc:format": "application/octet-stream",
 *  "relationship": "inputTo", "instanceID": "nih:sha-256;<file SHA-256 in hex>",
 *  "dataTypes": [{"type": "c2pa.types.model"}], "description": "…"}
 * }</pre>
 *
 * ({@code dc:format}, {@code dataTypes} and {@code description} only when the spec has them). The
 * ingredients have no manifest of their own, so there is no {@code activeManifest}, {@code
 * claimSignature} or {@code validationResults}; C2PA validators report such a {@code parentOf}
 * ingredient as of unknown provenance, which is informational.
 *
 * <h2>What is checked on reading</h2>
 *
 * Each ingredient assertion the claim lists decodes and has a relationship C2PA defines; there is
 * at most one {@code parentOf}; every ingredient an action names is an ingredient assertion of this
 * manifest whose hash matches; {@code c2pa.opened} names exactly one ingredient, the {@code
 * parentOf} one; and a {@code parentOf} ingredient is named by a {@code c2pa.opened} action.
 */
final class C2paIngredients {

  /** The prefix of an RFC 6920 "named information for humans" SHA-256 name. */
  static final String NIH_SHA256 = "nih:sha-256;";

  static final String LABEL_V3 = "c2pa.ingredient.v3";

  /** Labels of ingredient assertions of any version, with an optional {@code __N} index. */
  private static final Pattern LABEL =
      Pattern.compile("c2pa\\.ingredient(?:\\.v([23]))?(?:__\\d+)?");

  private static final Pattern NIH =
      Pattern.compile(Pattern.quote(NIH_SHA256) + "([0-9a-f]{64})(?:;[0-9a-f])?");

  private C2paIngredients() {}

  // ---- writing

  /** The assertions for {@code spec}'s ingredients, in its order. */
  static List<AssertionBox> assertions(ManifestSpec spec) {
    List<AssertionBox> out = new ArrayList<>();
    for (int i = 0; i < spec.ingredients().size(); i++) {
      out.add(
          AssertionBox.cbor(
              i == 0 ? LABEL_V3 : LABEL_V3 + "__" + i, cbor(spec.ingredients().get(i))));
    }
    return out;
  }

  private static Map<String, Object> cbor(ManifestSpec.Ingredient in) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dc:title", in.title());
    if (in.format() != null) {
      m.put("dc:format", in.format());
    }
    m.put("relationship", in.relationship().word());
    m.put("instanceID", in.instanceId());
    if (!in.dataTypes().isEmpty()) {
      m.put("dataTypes", in.dataTypes().stream().map(t -> Map.of("type", t)).toList());
    }
    if (in.description() != null) {
      m.put("description", in.description());
    }
    return m;
  }

  // ---- reading

  /** Whether {@code label} is that of an ingredient assertion. */
  static boolean isIngredient(String label) {
    return LABEL.matcher(label).matches();
  }

  /**
   * The ingredient assertions among {@code signed} (the assertions the claim lists), checked
   * against each other and against the actions; what fails is added to {@code problems}.
   *
   * @param manifest the manifest's label, for URIs relative to the whole store
   * @param standard whether it is a standard manifest (an update manifest has a parentOf
   *     ingredient, the asset it updates, and no c2pa.opened action)
   * @param claimAlg the claim's hash algorithm, for hashed URIs without their own
   */
  static List<C2paReport.Ingredient> read(
      Map<String, Jumbf.SuperBox> signed,
      C2paActions.Read actions,
      String manifest,
      boolean standard,
      String claimAlg,
      List<String> problems) {
    List<C2paReport.Ingredient> found = new ArrayList<>();
    signed.forEach(
        (label, box) -> {
          if (isIngredient(label)) {
            C2paReport.Ingredient in = ingredient(label, box, problems);
            if (in != null) {
              found.add(in);
            }
          }
        });
    List<C2paReport.Ingredient> parents =
        found.stream().filter(i -> i.relationship() == IngredientRelationship.PARENT_OF).toList();
    if (parents.size() > 1) {
      problems.add("The manifest has " + parents.size() + " parentOf ingredients; C2PA allows one");
    }
    boolean parentOpened = false;
    for (C2paActions.Action action : actions.actions()) {
      List<C2paReport.Ingredient> named = new ArrayList<>();
      for (Map<?, ?> uri : action.ingredients()) {
        C2paReport.Ingredient in = resolve(uri, signed, found, manifest, claimAlg);
        if (in == null) {
          problems.add(
              "Action "
                  + action.name()
                  + " names "
                  + uri.get("url")
                  + ", which is not an unaltered ingredient of this manifest");
        } else {
          named.add(in);
        }
      }
      if (action.name().equals(C2paActions.OPENED)) {
        if (named.size() != 1
            || named.getFirst().relationship() != IngredientRelationship.PARENT_OF) {
          problems.add("Action c2pa.opened must name exactly one ingredient, the parentOf one");
        } else {
          parentOpened = true;
        }
      }
    }
    if (standard && !parents.isEmpty() && !parentOpened) {
      problems.add(
          "Ingredient "
              + parents.getFirst().label()
              + " is parentOf, but no c2pa.opened action names it");
    }
    return found;
  }

  private static C2paReport.Ingredient ingredient(
      String label, Jumbf.SuperBox box, List<String> problems) {
    try {
      Map<?, ?> m = Cbor.map(Cbor.decode(box.content("cbor"), label), "Ingredient " + label);
      Matcher version = LABEL.matcher(label);
      version.matches();
      if (version.group(1) == null || version.group(1).equals("2")) {
        Cbor.text(m, "dc:title", "Ingredient " + label);
        Cbor.text(m, "dc:format", "Ingredient " + label);
      }
      if (version.group(1) == null) {
        Cbor.text(m, "instanceID", "Ingredient " + label);
      }
      String word = Cbor.text(m, "relationship", "Ingredient " + label);
      IngredientRelationship relationship = IngredientRelationship.fromWord(word);
      if (relationship == null) {
        problems.add(
            "Ingredient "
                + label
                + " has relationship \""
                + word
                + "\"; C2PA defines parentOf, componentOf and inputTo");
      }
      String instanceId = Cbor.optionalText(m, "instanceID");
      Matcher nih = instanceId == null ? null : NIH.matcher(instanceId);
      return new C2paReport.Ingredient(
          label,
          Cbor.optionalText(m, "dc:title"),
          Cbor.optionalText(m, "dc:format"),
          relationship,
          instanceId,
          nih != null && nih.matches() ? nih.group(1) : null,
          Cbor.optionalText(m, "description"),
          dataTypes(m.get(m.containsKey("dataTypes") ? "dataTypes" : "data_types")),
          m.containsKey("activeManifest") || m.containsKey("c2pa_manifest"));
    } catch (C2paException e) {
      problems.add("Ingredient " + label + " cannot be read: " + e.getMessage());
      return null;
    }
  }

  private static List<String> dataTypes(Object value) {
    List<String> types = new ArrayList<>();
    if (value instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> t && t.get("type") instanceof String s) {
          types.add(s);
        }
      }
    }
    return types;
  }

  /**
   * The ingredient a hashed URI in an action names, when it is one of {@code found} and its hash
   * matches; else null.
   */
  private static C2paReport.Ingredient resolve(
      Map<?, ?> uri,
      Map<String, Jumbf.SuperBox> signed,
      List<C2paReport.Ingredient> found,
      String manifest,
      String claimAlg) {
    String label = C2paManifestReader.assertionLabel((String) uri.get("url"), manifest);
    Jumbf.SuperBox box = label == null ? null : signed.get(label);
    if (box == null) {
      return null;
    }
    if (uri.get("hash") instanceof byte[] expected) {
      String alg = uri.get("alg") instanceof String a ? a : claimAlg;
      byte[] actual = C2paDigests.digest(alg, box.payload(), 0, box.payload().length);
      if (actual == null || !MessageDigest.isEqual(actual, expected)) {
        return null;
      }
    } else {
      return null;
    }
    return found.stream().filter(i -> i.label().equals(label)).findFirst().orElse(null);
  }
}
