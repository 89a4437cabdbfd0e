package dev.atelier.license;

import dev.atelier.catalog.License;
import dev.atelier.catalog.LicenseRepository;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The license terms in the catalog: the built-ins, kept current, and the artist's own. */
public final class LicenseService {

  private static final Logger LOG = LoggerFactory.getLogger(LicenseService.class);

  /** What {@link #seedBuiltIns()} changed. */
  public record SeedResult(int added, int replaced, int unchanged) {}

  private final LicenseRepository licenses;

  public LicenseService(LicenseRepository licenses) {
    this.licenses = licenses;
  }

  /**
   * Makes the catalog hold exactly the built-in licenses of this build: adds the missing ones and
   * replaces a stored one that differs in any way (its terms hash above all). Running it again
   * changes nothing. Custom licenses are left alone.
   */
  public SeedResult seedBuiltIns() {
    int added = 0;
    int replaced = 0;
    int unchanged = 0;
    for (License builtIn : Licenses.builtIns()) {
      Optional<License> stored = licenses.find(builtIn.id());
      if (stored.isEmpty()) {
        licenses.save(builtIn);
        added++;
      } else if (stored.get().equals(builtIn)) {
        unchanged++;
      } else {
        if (!stored.get().termsSha256().equals(builtIn.termsSha256())) {
          LOG.warn(
              "The catalog's text of {} (SHA-256 {}) is not the built-in one ({}); replacing it",
              builtIn.id(),
              stored.get().termsSha256(),
              builtIn.termsSha256());
        }
        licenses.save(builtIn);
        replaced++;
      }
    }
    if (added + replaced > 0) {
      LOG.info("Built-in licenses: {} added, {} updated", added, replaced);
    }
    return new SeedResult(added, replaced, unchanged);
  }

  /** Every license in the catalog, by id. */
  public List<License> list() {
    return licenses.list();
  }

  public Optional<License> find(String id) {
    return licenses.find(id);
  }

  /**
   * The license with this id.
   *
   * @throws LicenseNotFoundException naming the known ids when there is none
   */
  public License require(String id) {
    return licenses
        .find(id)
        .orElseThrow(
            () ->
                new LicenseNotFoundException(
                    id,
                    "No license "
                        + id
                        + " in the catalog; known: "
                        + String.join(", ", list().stream().map(License::id).toList())));
  }

  /**
   * Stores terms written by the artist (see {@link Licenses#custom}). Adding the same text again
   * with the same name, permissions and summary returns the stored license; the same text with
   * anything else different is refused, since the id is derived from the text alone.
   *
   * @throws IllegalArgumentException for a blank name or text, or a conflicting earlier license
   */
  public License addCustom(String name, String text, Permissions permissions, String summary) {
    License custom = Licenses.custom(name, text, permissions, summary);
    Optional<License> stored = licenses.find(custom.id());
    if (stored.isPresent()) {
      if (stored.get().equals(custom)) {
        return stored.get();
      }
      if (!stored.get().termsSha256().equals(custom.termsSha256())) {
        throw new IllegalStateException(
            "Custom license id " + custom.id() + " is taken by another text (hash collision)");
      }
      throw new IllegalArgumentException(
          "These terms are already saved as "
              + custom.id()
              + " (\""
              + stored.get().name()
              + "\") with another name, summary or permissions; the same text cannot have two"
              + " sets of permissions.");
    }
    licenses.save(custom);
    return custom;
  }
}
