package dev.atelier.gui.generate;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.RgbImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Generate screen brings back from the catalog: the prompt history, and the last
 * generation that finished with the pictures of its variants. Runs off the JavaFX thread.
 */
final class PastGenerations {

  private static final Logger LOG = LoggerFactory.getLogger(PastGenerations.class);

  /** The last generation that finished, with its variants' pictures (files that still read). */
  record Session(Generation generation, List<Asset> assets, List<RgbImage> images) {}

  private final Catalog catalog;

  PastGenerations(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Distinct non-blank prompts, newest first, at most {@code limit}. */
  List<String> recentPrompts(int limit) {
    Set<String> distinct = new LinkedHashSet<>();
    for (Generation g : catalog.generations().recent(limit * 4)) {
      if (!g.prompt().isBlank()) {
        distinct.add(g.prompt());
      }
      if (distinct.size() == limit) {
        break;
      }
    }
    return List.copyOf(distinct);
  }

  /** The newest generation, when it finished; null otherwise. */
  Session lastSession() {
    Optional<Generation> last =
        catalog.generations().recent(1).stream()
            .filter(g -> g.status() == Generation.Status.DONE)
            .findFirst();
    if (last.isEmpty()) {
      return null;
    }
    List<RgbImage> images = new ArrayList<>();
    List<Asset> shown = new ArrayList<>();
    for (Asset a : catalog.assets().ofGeneration(last.get().id())) {
      try {
        var read = a.filePath() == null ? null : ImageIO.read(Path.of(a.filePath()).toFile());
        if (read != null) {
          images.add(RgbImage.of(read));
          shown.add(a);
        }
      } catch (IOException e) {
        LOG.warn("Cannot read variant {}: {}", a.filePath(), e.getMessage());
      }
    }
    return new Session(last.get(), shown, images);
  }
}
