package dev.atelier.gui.inspector;

import java.util.List;

/**
 * One asset as the inspector shows it, already in words.
 *
 * @param assetId the asset
 * @param file its image file, or null when it has none
 * @param fields provenance fields, label and value, in reading order
 * @param inputs what the picture was made from besides its prompt (start picture, LoRAs) and its
 *     hires pass, from the catalog, in words; empty for none
 * @param signature whether the image carries a signature and whether it holds
 * @param signer the address that signed the record, or null when not signed
 * @param chainId the chain the signature is for, or null when not signed
 * @param licenseId the license the image is signed under, or null
 * @param checks the other checks in words: C2PA manifest, pixels, license terms
 * @param problems what failed, in plain words
 * @param png the image file's bytes as verified, to show; null when not kept for showing
 */
public record AssetInfo(
    long assetId,
    String file,
    List<Field> fields,
    List<Field> inputs,
    SignatureState signature,
    String signer,
    Long chainId,
    String licenseId,
    List<String> checks,
    List<String> problems,
    byte[] png) {

  /**
   * A label and its value.
   *
   * @param full the whole value where {@code value} is shortened (a hash cut to its first
   *     characters), to show on hover and to copy; null where {@code value} is all of it
   */
  public record Field(String label, String value, String full) {

    public Field(String label, String value) {
      this(label, value, null);
    }

    /** A hash, cut to its first 12 characters when longer than 16; "—" when there is none. */
    static Field hash(String label, String hex) {
      if (hex == null) {
        return new Field(label, "—");
      }
      return hex.length() <= 16
          ? new Field(label, hex)
          : new Field(label, hex.substring(0, 12) + "…", hex);
    }
  }

  /** Whether an image is signed and whether its signature holds. */
  public enum SignatureState {
    NOT_SIGNED,
    VALID,
    INVALID
  }

  public AssetInfo {
    fields = List.copyOf(fields);
    inputs = List.copyOf(inputs);
    checks = List.copyOf(checks);
    problems = List.copyOf(problems);
  }

  /** The value of the field with this label, or null. */
  public String field(String label) {
    return fields.stream()
        .filter(f -> f.label().equals(label))
        .map(Field::value)
        .findFirst()
        .orElse(null);
  }

  /** Signed validly by {@code address} for {@code chain}: what a mint there needs. */
  public boolean signedFor(String address, long chain) {
    return signature == SignatureState.VALID
        && signer != null
        && signer.equalsIgnoreCase(address)
        && chainId != null
        && chainId == chain;
  }
}
