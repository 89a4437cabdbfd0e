package dev.atelier.license;

import dev.atelier.catalog.License;

/**
 * What a license lets others do with a work, in machine-readable form. Each flag answers one
 * question about the license text; the text itself is what binds.
 *
 * @param commercialUse may the work be used to earn money or for other commercial advantage
 * @param derivatives may others adapt the work (beyond resizing or re-encoding it to show it)
 * @param attributionRequired must users credit the creator
 * @param shareAlike must adaptations be released under the same (or a compatible) license
 * @param aiTraining does the license allow using the work to train machine-learning models. {@code
 *     true} means the license does not forbid it; its other conditions still apply (under a
 *     NonCommercial license, for example, only non-commercial training is allowed)
 */
public record Permissions(
    boolean commercialUse,
    boolean derivatives,
    boolean attributionRequired,
    boolean shareAlike,
    boolean aiTraining) {

  public Permissions {
    if (shareAlike && !derivatives) {
      throw new IllegalArgumentException(
          "Share-alike only makes sense when derivatives are allowed");
    }
  }

  /** The permissions of a catalog row. */
  public static Permissions of(License license) {
    return new Permissions(
        license.commercialUse(),
        license.derivatives(),
        license.attributionRequired(),
        license.shareAlike(),
        license.aiTraining());
  }

  /** One line for people, e.g. "commercial use: yes, derivatives: yes, ...". */
  public String describe() {
    return "commercial use: "
        + yesNo(commercialUse)
        + ", derivatives: "
        + yesNo(derivatives)
        + ", attribution required: "
        + yesNo(attributionRequired)
        + ", share-alike: "
        + yesNo(shareAlike)
        + ", AI training: "
        + (aiTraining ? "allowed" : "not allowed");
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
