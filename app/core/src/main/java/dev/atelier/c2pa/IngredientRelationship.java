package dev.atelier.c2pa;

/**
 * How an ingredient is related to the asset whose manifest names it (C2PA specification 2.x,
 * "Ingredient Relationships"). Each has the word C2PA writes in the ingredient's {@code
 * relationship} field.
 */
public enum IngredientRelationship {
  /**
   * The asset is derived from this ingredient, e.g. the start picture of an image-to-image run. A
   * manifest has at most one, and a {@code c2pa.opened} action refers to it.
   */
  PARENT_OF("parentOf"),
  /** The asset is composed of several parts, this ingredient one of them ({@code c2pa.placed}). */
  COMPONENT_OF("componentOf"),
  /**
   * The ingredient was an input to a computational process, such as an AI model, that made or
   * changed the asset: a LoRA, a mask.
   */
  INPUT_TO("inputTo");

  private final String word;

  IngredientRelationship(String word) {
    this.word = word;
  }

  /** The word in the C2PA ingredient assertion ({@code parentOf}, {@code inputTo}, …). */
  public String word() {
    return word;
  }

  /** The relationship written as {@code word}, or null for a word C2PA does not define. */
  static IngredientRelationship fromWord(String word) {
    for (IngredientRelationship r : values()) {
      if (r.word.equals(word)) {
        return r;
      }
    }
    return null;
  }
}
