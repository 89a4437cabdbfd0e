package dev.atelier.provenance;

import dev.atelier.c2pa.C2paReport;
import dev.atelier.c2pa.IngredientRelationship;
import dev.atelier.c2pa.ManifestSpec;
import dev.atelier.catalog.GenerationInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A generation's inputs (the record's {@code generation.inputs}) as C2PA ingredients, so that the
 * manifest names what the picture was made from in C2PA's own terms and the chain of custody from a
 * source picture to the token stays readable by any C2PA tool.
 *
 * <p>Each input becomes one ingredient, in the record's order, named by its file's SHA-256 (see
 * {@link ManifestSpec.Ingredient}). The start picture of an image-to-image run is {@code parentOf}:
 * the picture is derived from it. Every other input (a LoRA, a mask, and a role added later) is
 * {@code inputTo}: it went into the model's computation. Titles say the role and amount in the
 * words {@code atelier verify} uses ("LoRA, weight 0.8").
 *
 * <p>A LoRA is a model ({@code c2pa.types.model}) in a safetensors file, which has no registered
 * media type, so its format is {@code application/octet-stream}. A picture's format is left out:
 * the catalog keeps its file's hash, not its type (start pictures may be PNG, JPEG, BMP or GIF).
 * File names are not written: the record, which the artist signs, names inputs by hash alone, and
 * the manifest says no more than it.
 */
final class InputIngredients {

  /** The media type of a file of no registered type, such as a safetensors LoRA. */
  static final String OCTET_STREAM = "application/octet-stream";

  /** C2PA's asset type of an AI/ML model not described by a more specific type. */
  static final String MODEL_TYPE = "c2pa.types.model";

  private InputIngredients() {}

  /** The ingredients of {@code inputs}, in their order. */
  static List<ManifestSpec.Ingredient> of(List<GenerationInput> inputs) {
    List<ManifestSpec.Ingredient> out = new ArrayList<>(inputs.size());
    for (GenerationInput in : inputs) {
      out.add(
          ingredient(
              GenerationInputsJson.roleName(in.role()),
              GenerationInputsJson.amountName(in.role()),
              in.sha256(),
              in.amount()));
    }
    return out;
  }

  /**
   * The ingredient of an input in role {@code role} (the record's word: {@code start-image}, {@code
   * lora}, {@code mask}, …) whose amount is called {@code amountName}.
   */
  static ManifestSpec.Ingredient ingredient(
      String role, String amountName, String sha256, double amount) {
    // A blur is whole pixels ("blur 4 px"); strengths and weights keep their decimals.
    String amountWords =
        amountName.equals("blur") && amount == Math.rint(amount)
            ? amountName + " " + (long) amount + " px"
            : amountName + " " + amount;
    return switch (role) {
      case "start-image" ->
          new ManifestSpec.Ingredient(
              "Start picture, " + amountWords,
              null,
              IngredientRelationship.PARENT_OF,
              sha256,
              "The picture an image-to-image generation started from, redrawn by the model at "
                  + amountWords,
              List.of());
      case "lora" ->
          new ManifestSpec.Ingredient(
              "LoRA, " + amountWords,
              OCTET_STREAM,
              IngredientRelationship.INPUT_TO,
              sha256,
              "A LoRA (safetensors file) merged into the model's weights at " + amountWords,
              List.of(MODEL_TYPE));
      case "mask" ->
          new ManifestSpec.Ingredient(
              "Mask, " + amountWords,
              null,
              IngredientRelationship.INPUT_TO,
              sha256,
              "The mask that chose where the model redrew the start picture, " + amountWords,
              List.of());
      default ->
          new ManifestSpec.Ingredient(
              words(role) + ", " + amountWords,
              null,
              IngredientRelationship.INPUT_TO,
              sha256,
              "An input to the generation in role \"" + role + "\", " + amountWords,
              List.of());
    };
  }

  /** {@code start-image} as "Start image". */
  private static String words(String role) {
    String w = role.replace('-', ' ');
    return w.isEmpty() ? w : w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
  }

  /**
   * Why the manifest's ingredients are not the record's inputs, or null when they are: the same
   * number, in the same order, each with the input's file hash and relationship.
   */
  static String mismatch(List<GenerationInput> inputs, List<C2paReport.Ingredient> found) {
    List<ManifestSpec.Ingredient> expected = of(inputs);
    if (expected.size() != found.size()) {
      return "the record names "
          + expected.size()
          + " input(s), the C2PA manifest "
          + found.size()
          + " ingredient(s)";
    }
    for (int i = 0; i < expected.size(); i++) {
      ManifestSpec.Ingredient want = expected.get(i);
      C2paReport.Ingredient got = found.get(i);
      if (!want.fileSha256().equals(got.fileSha256())
          || want.relationship() != got.relationship()) {
        return "ingredient "
            + got.label()
            + " is "
            + (got.relationship() == null ? "of no known relationship" : got.relationship().word())
            + " with "
            + (got.fileSha256() == null
                ? "instance id " + got.instanceId()
                : "file sha256 " + got.fileSha256())
            + ", but the record's input "
            + (i + 1)
            + " ("
            + GenerationInputsJson.roleName(inputs.get(i).role())
            + ") is "
            + want.relationship().word()
            + " with file sha256 "
            + want.fileSha256();
      }
    }
    return null;
  }
}
