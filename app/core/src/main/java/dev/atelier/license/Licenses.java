package dev.atelier.license;

import dev.atelier.catalog.License;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The license terms Atelier offers, and how terms are fingerprinted.
 *
 * <h2>Terms hash</h2>
 *
 * {@link #termsSha256(String)} is the SHA-256, as 64 lowercase hex digits, of the UTF-8 bytes of
 * the text after its line endings are normalised: every {@code \r\n}, then every remaining lone
 * {@code \r}, becomes {@code \n}. Nothing else changes (no trimming, no Unicode normalisation), so
 * the same text hashes the same whichever platform saved it, and any other change shows.
 *
 * <h2>Built-in licenses</h2>
 *
 * <table>
 *   <caption>Permissions of the built-in licenses</caption>
 *   <tr><th>id</th><th>commercial</th><th>derivatives</th><th>attribution</th>
 *       <th>share-alike</th><th>AI training</th></tr>
 *   <tr><td>{@value #CC0}</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>allowed</td></tr>
 *   <tr><td>{@value #CC_BY}</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>allowed</td></tr>
 *   <tr><td>{@value #CC_BY_NC}</td><td>no</td><td>yes</td><td>yes</td><td>no</td><td>allowed</td></tr>
 *   <tr><td>{@value #CC_BY_SA}</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>allowed</td></tr>
 *   <tr><td>{@value #ATELIER_COMMERCIAL}</td><td>yes</td><td>yes</td><td>no</td><td>no</td>
 *       <td>not allowed</td></tr>
 *   <tr><td>{@value #ATELIER_PERSONAL}</td><td>no</td><td>no</td><td>yes</td><td>no</td>
 *       <td>not allowed</td></tr>
 * </table>
 *
 * <p>The Creative Commons licenses do not restrict text and data mining or model training beyond
 * their own conditions (credit, NonCommercial, ShareAlike), so their {@link
 * Permissions#aiTraining()} is {@code true}, with those conditions still applying. The two Atelier
 * licenses forbid training in their section 5. Atelier Commercial gives the token holder commercial
 * rights that pass with the token; Atelier Personal allows personal, non-commercial display only.
 *
 * <p>The built-in texts are class-path resources ({@code dev/atelier/license/<id>.txt}; where they
 * come from is in the README next to them). Their hashes are pinned here: a built-in text must
 * never change, since signed provenance records name it by hash. A changed resource fails loudly
 * when the built-ins are first read.
 *
 * <h2>Custom licenses</h2>
 *
 * {@link #custom} makes terms from the artist's own text, with id {@code LicenseRef-Custom-} and
 * the first 12 hex digits of the terms hash.
 */
public final class Licenses {

  public static final String CC0 = "CC0-1.0";
  public static final String CC_BY = "CC-BY-4.0";
  public static final String CC_BY_NC = "CC-BY-NC-4.0";
  public static final String CC_BY_SA = "CC-BY-SA-4.0";
  public static final String ATELIER_COMMERCIAL = "LicenseRef-Atelier-Commercial-1.0";
  public static final String ATELIER_PERSONAL = "LicenseRef-Atelier-Personal-1.0";

  /** Prefix of the ids of custom licenses. */
  public static final String CUSTOM_PREFIX = "LicenseRef-Custom-";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** A built-in license before its text is loaded. */
  private record Spec(
      String id, String name, String sha256, Permissions permissions, String summary) {}

  private static final List<Spec> SPECS =
      List.of(
          new Spec(
              CC0,
              "CC0 1.0 Universal (public domain dedication)",
              "6d489af6292662d9e36d34ce49423784984a5f6e41d7b58f49b01264df59fa03",
              new Permissions(true, true, false, false, true),
              "The creator gives up all copyright and related rights in the work, as far as the"
                  + " law allows. Anyone may copy, change, sell and build on it, and use it to"
                  + " train AI models, without asking and without giving credit."),
          new Spec(
              CC_BY,
              "Creative Commons Attribution 4.0 International",
              "4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46",
              new Permissions(true, true, true, false, true),
              "Anyone may copy, share, adapt and use the work for any purpose, commercial ones"
                  + " included, as long as they credit the creator, link to the license and say"
                  + " whether they changed it. The license does not restrict AI training beyond"
                  + " that."),
          new Spec(
              CC_BY_NC,
              "Creative Commons Attribution-NonCommercial 4.0 International",
              "03f934cfa32989708620362ba71120abc1cbb58e26b6f681eb1cd45e4ddaa8b3",
              new Permissions(false, true, true, false, true),
              "Anyone may copy, share and adapt the work with credit to the creator, but only for"
                  + " non-commercial purposes; commercial use needs the creator's permission."
                  + " Training AI models on it falls under the same conditions: non-commercial"
                  + " training is allowed, commercial training is not."),
          new Spec(
              CC_BY_SA,
              "Creative Commons Attribution-ShareAlike 4.0 International",
              "c871544d989d2db1b0d0b7788f5591f56731c039c7d51e7a8f8da74c5679115a",
              new Permissions(true, true, true, true, true),
              "Anyone may copy, share, adapt and use the work for any purpose, commercial ones"
                  + " included, as long as they credit the creator and release their adaptations"
                  + " under the same or a compatible license. The license does not restrict AI"
                  + " training beyond those conditions."),
          new Spec(
              ATELIER_COMMERCIAL,
              "Atelier Commercial License 1.0",
              "3b9469cef9b697dc9634919ae91bd5a359cfa0cd474c47dfa3528dff2a60a14e",
              new Permissions(true, true, false, false, false),
              "Whoever holds the token may display, copy, adapt and use the artwork commercially,"
                  + " worldwide and without royalties, for as long as they hold it; the rights pass"
                  + " to the next holder. The creator keeps the copyright and gives commercial"
                  + " rights to no one else. Not allowed: hate speech, AI training, minting"
                  + " copies."),
          new Spec(
              ATELIER_PERSONAL,
              "Atelier Personal Use License 1.0",
              "43cd4fb97ec15e2f9c0c9cd1d4816b41fc20eb917ceb869f74eec040794f8ad6",
              new Permissions(false, false, true, false, false),
              "Whoever holds the token may display and share the artwork for personal,"
                  + " non-commercial purposes, crediting the creator, for as long as they hold it;"
                  + " the rights pass to the next holder. Not allowed: commercial use, changes"
                  + " beyond resizing or cropping, hate speech, AI training, minting copies."));

  /** Loaded on first use; a damaged resource fails every caller with the same clear message. */
  private static volatile List<License> loaded;

  private Licenses() {}

  /**
   * Every built-in license, in a fixed order (public domain first, most restrictive last).
   *
   * @throws IllegalStateException when a built-in text is missing or not the text pinned here
   */
  public static List<License> builtIns() {
    List<License> all = loaded;
    if (all == null) {
      all = SPECS.stream().map(Licenses::load).toList();
      loaded = all;
    }
    return all;
  }

  /** The built-in license with this id. */
  public static Optional<License> builtIn(String id) {
    return builtIns().stream().filter(l -> l.id().equals(id)).findFirst();
  }

  /**
   * Terms from the artist's own text.
   *
   * @param name what the studio shows, e.g. "My gallery terms"
   * @param text the full terms; stored with line endings normalised to {@code \n}
   * @param summary a plain-language paragraph; blank for one written from the permissions
   * @throws IllegalArgumentException when the name or text is blank
   */
  public static License custom(String name, String text, Permissions permissions, String summary) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A custom license needs a name");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A custom license needs its terms text");
    }
    String normalised = normalise(text);
    String sha256 = termsSha256(normalised);
    String plain =
        summary == null || summary.isBlank()
            ? "Custom terms set by the creator (" + permissions.describe() + ")."
            : summary.strip();
    return row(
        CUSTOM_PREFIX + sha256.substring(0, 12),
        name.strip(),
        sha256,
        normalised,
        permissions,
        plain,
        false);
  }

  /** True when {@code id} has the form of a custom license id. */
  public static boolean isCustomId(String id) {
    return id.startsWith(CUSTOM_PREFIX)
        && id.length() == CUSTOM_PREFIX.length() + 12
        && id.substring(CUSTOM_PREFIX.length()).chars().allMatch(Licenses::isLowerHex);
  }

  /** {@code text} with {@code \r\n} and lone {@code \r} turned into {@code \n}. */
  public static String normalise(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** The terms hash of a text (see the class notes): 64 lowercase hex digits. */
  public static String termsSha256(String text) {
    return Hashes.sha256Hex(normalise(text).getBytes(StandardCharsets.UTF_8));
  }

  /** True when {@code text} is, up to line endings, exactly the terms of {@code license}. */
  public static boolean verify(License license, String text) {
    return text != null && termsSha256(text).equals(license.termsSha256());
  }

  private static License load(Spec spec) {
    String resource = spec.id() + ".txt";
    String text;
    try (InputStream in = Licenses.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The text of built-in license " + spec.id() + " is missing from the build");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read built-in license " + spec.id(), e);
    }
    String sha256 = termsSha256(text);
    if (!SHA256_HEX.matcher(spec.sha256()).matches() || !sha256.equals(spec.sha256())) {
      throw new IllegalStateException(
          "The text of built-in license "
              + spec.id()
              + " has changed (SHA-256 "
              + sha256
              + ", expected "
              + spec.sha256()
              + "). Built-in texts are frozen: give new wording a new id.");
    }
    return row(
        spec.id(), spec.name(), sha256, normalise(text), spec.permissions(), spec.summary(), true);
  }

  private static License row(
      String id,
      String name,
      String sha256,
      String text,
      Permissions p,
      String summary,
      boolean builtIn) {
    return new License(
        id,
        name,
        sha256,
        text,
        p.commercialUse(),
        p.derivatives(),
        p.attributionRequired(),
        p.shareAlike(),
        p.aiTraining(),
        summary,
        builtIn);
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
