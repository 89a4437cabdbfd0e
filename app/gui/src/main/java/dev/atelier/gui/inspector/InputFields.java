package dev.atelier.gui.inspector;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.catalog.LoraFileEntry;
import dev.atelier.gui.inspector.AssetInfo.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a picture was made from besides its prompt, as the catalog keeps it, in words for the
 * inspector: the start picture with its strength, each LoRA with its weight (named by the file the
 * catalog knows with that hash), each with its short hash (the whole one on hover), and the hires
 * pass. Blocking: catalog reads.
 */
final class InputFields {

  /** Hex digits of a hash shown. */
  static final int SHORT = 12;

  private InputFields() {}

  /** The inputs of {@code asset}'s generation {@code g}, in the catalog's order, then the pass. */
  static List<Field> of(Catalog catalog, Asset asset, Generation g) {
    if (g == null) {
      return List.of();
    }
    List<Field> out = new ArrayList<>();
    for (GenerationInput in : catalog.generations().inputs(g.id())) {
      String hash = in.sha256().substring(0, SHORT) + "…";
      if (in.role() == GenerationInput.Role.START_IMAGE) {
        out.add(
            new Field(
                "Start picture", "strength " + amount(in.amount()) + " · " + hash, in.sha256()));
      } else if (in.role() == GenerationInput.Role.LORA) {
        out.add(
            new Field(
                "LoRA",
                loraName(catalog, in.sha256()) + " · weight " + amount(in.amount()) + " · " + hash,
                in.sha256()));
      } else {
        out.add(new Field(in.role().stored(), amount(in.amount()) + " · " + hash, in.sha256()));
      }
    }
    Optional<HiresPass> hires = catalog.generations().hires(g.id());
    hires.ifPresent(
        h ->
            out.add(
                new Field(
                    "Hires pass",
                    String.format(
                        Locale.ROOT,
                        "×%s · strength %s · %d × %d → %d × %d",
                        scale(h.scale()),
                        amount(h.strength()),
                        g.width(),
                        g.height(),
                        asset.width(),
                        asset.height()))));
    return out;
  }

  /** The name of the LoRA file the catalog knows with this hash, most recently used first. */
  private static String loraName(Catalog catalog, String sha256) {
    List<LoraFileEntry> files = catalog.loraFiles().withSha256(sha256);
    if (files.isEmpty()) {
      return "a LoRA file not on this computer";
    }
    String name = Path.of(files.getFirst().path()).getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith(".safetensors")
        ? name.substring(0, name.length() - ".safetensors".length())
        : name;
  }

  private static String amount(double a) {
    return String.format(Locale.ROOT, "%.2f", a);
  }

  private static String scale(double s) {
    return s == Math.rint(s) ? Integer.toString((int) s) : Double.toString(s);
  }
}
