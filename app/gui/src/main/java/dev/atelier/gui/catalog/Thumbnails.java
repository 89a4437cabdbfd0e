package dev.atelier.gui.catalog;

import dev.atelier.gui.common.BackgroundRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.scene.image.Image;

/**
 * Thumbnails of catalog images, decoded in the background at tile size (never the full image kept)
 * and remembered in a small least-recently-used cache. A file that is missing or unreadable is
 * remembered as such, and the tile shows its placeholder. Used on the JavaFX thread.
 */
final class Thumbnails {

  private final BackgroundRunner runner;
  private final int size;
  private final int capacity;
  private final Map<String, Optional<Image>> cache;

  /**
   * @param size the longest side thumbnails are decoded to, in pixels
   * @param capacity how many thumbnails are kept
   */
  Thumbnails(BackgroundRunner runner, int size, int capacity) {
    this.runner = runner;
    this.size = size;
    this.capacity = capacity;
    this.cache =
        new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Optional<Image>> eldest) {
            return size() > Thumbnails.this.capacity;
          }
        };
  }

  /** The thumbnail if it is already decoded: empty when not yet known. */
  Optional<Optional<Image>> cached(String path) {
    return Optional.ofNullable(cache.get(path));
  }

  /**
   * Decodes {@code path} in the background, then calls {@code done} with the image, or with null
   * when there is no readable image. {@code wanted} is asked before decoding: a tile scrolled away
   * meanwhile answers false and nothing is decoded.
   */
  void load(String path, BooleanSupplier wanted, Consumer<Image> done) {
    if (path == null) {
      done.accept(null);
      return;
    }
    Optional<Image> known = cache.get(path);
    if (known != null) {
      done.accept(known.orElse(null));
      return;
    }
    runner.run(
        () -> wanted.getAsBoolean() ? Optional.of(decode(path)) : Optional.<Optional<Image>>empty(),
        result ->
            result.ifPresent(
                image -> {
                  cache.put(path, image);
                  done.accept(image.orElse(null));
                }),
        failure -> {
          cache.put(path, Optional.empty());
          done.accept(null);
        });
  }

  int size() {
    return cache.size();
  }

  private Optional<Image> decode(String path) {
    if (path == null) {
      return Optional.empty();
    }
    Path file = Path.of(path);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Image image = new Image(file.toUri().toString(), size, size, true, true, false);
    return image.isError() ? Optional.empty() : Optional.of(image);
  }
}
