package dev.atelier.catalog;

import java.time.Instant;
import java.util.Optional;

/**
 * What the catalog screen asks for: every filter is optional ({@code null} or blank means "any").
 *
 * @param text words to find in the prompt or negative prompt, as the artist typed them; each word
 *     matches words starting with it ("light" finds "lighthouse"); punctuation and search operators
 *     are taken literally, never as syntax
 * @param modelId only images made with this model ({@code name@version})
 * @param licenseId only images whose newest signed provenance carries this license
 * @param minted only images with a confirmed token ({@code true}) or without one ({@code false})
 * @param kept only images the artist kept ({@code true}) or did not ({@code false})
 * @param signed only images with signed provenance ({@code true}) or without ({@code false})
 * @param from only images made at or after this instant
 * @param until only images made before this instant
 */
public record AssetQuery(
    String text,
    String modelId,
    String licenseId,
    Boolean minted,
    Boolean kept,
    Boolean signed,
    Instant from,
    Instant until) {

  /** Every asset. */
  public static final AssetQuery ALL =
      new AssetQuery(null, null, null, null, null, null, null, null);

  public AssetQuery withText(String newText) {
    return new AssetQuery(newText, modelId, licenseId, minted, kept, signed, from, until);
  }

  public AssetQuery withModel(String newModelId) {
    return new AssetQuery(text, newModelId, licenseId, minted, kept, signed, from, until);
  }

  public AssetQuery withLicense(String newLicenseId) {
    return new AssetQuery(text, modelId, newLicenseId, minted, kept, signed, from, until);
  }

  public AssetQuery withMinted(Boolean newMinted) {
    return new AssetQuery(text, modelId, licenseId, newMinted, kept, signed, from, until);
  }

  public AssetQuery withKept(Boolean newKept) {
    return new AssetQuery(text, modelId, licenseId, minted, newKept, signed, from, until);
  }

  public AssetQuery withSigned(Boolean newSigned) {
    return new AssetQuery(text, modelId, licenseId, minted, kept, newSigned, from, until);
  }

  public AssetQuery withDates(Instant newFrom, Instant newUntil) {
    return new AssetQuery(text, modelId, licenseId, minted, kept, signed, newFrom, newUntil);
  }

  /** The FTS5 expression for {@link #text}, or empty when it holds no word to look for. */
  public Optional<String> matchExpression() {
    return Optional.ofNullable(text).map(AssetQuery::ftsExpression).filter(s -> !s.isEmpty());
  }

  /**
   * Turns typed text into a safe FTS5 query: each whitespace-separated word becomes a quoted string
   * (inner quotes doubled) with a prefix star, all of them required. Words without a letter or
   * digit are dropped: the tokenizer would index nothing for them. Nothing the artist types is read
   * as FTS5 syntax ({@code AND}, {@code NOT}, {@code NEAR}, {@code col:}, {@code ^}, {@code -}).
   */
  static String ftsExpression(String typed) {
    StringBuilder out = new StringBuilder();
    for (String word : typed.strip().split("\\s+")) {
      if (word.codePoints().noneMatch(Character::isLetterOrDigit)) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append('"').append(word.replace("\"", "\"\"")).append("\"*");
    }
    return out.toString();
  }
}
