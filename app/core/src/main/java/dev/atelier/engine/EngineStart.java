package dev.atelier.engine;

import dev.atelier.config.Settings;
import dev.atelier.io.Failures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the engine up at start-up, before it first loads, from the saved {@link EngineSetup}, and
 * keeps a broken setup from stopping the studio: when the saved library folder is gone or has no
 * {@code libtorch.so}, or the last start stopped while loading the engine, this start uses the
 * bundled CPU libraries and says why in {@link #notice()}.
 *
 * <p>Invariant: a marker file in the state folder exists exactly while an engine load is under way.
 * It is written before the setup is applied and removed by {@link #loaded()} or {@link #failed}; a
 * marker found at start-up therefore means the process died inside the native load (a crash no Java
 * code sees), and a CUDA setup found with it is set back to the bundled libraries, in the settings
 * too, so the next start does not crash again.
 */
public final class EngineStart {

  private static final Logger LOG = LoggerFactory.getLogger(EngineStart.class);

  /** The marker's file name in the state folder. */
  static final String MARKER = "engine-loading";

  /** The file a CUDA library folder must hold. */
  static final String LIBTORCH = "libtorch.so";

  private final Settings settings;
  private final Path marker;
  private final EngineSetup setup;
  private volatile Optional<String> notice;

  /**
   * Reads the saved setup, falls back where it cannot work, writes the marker and hands the DJL
   * settings to {@code sink}; the device choice goes to {@link EngineInfo#useDevice}.
   */
  EngineStart(Settings settings, Path stateDir, BiConsumer<String, String> sink) {
    this.settings = settings;
    this.marker = stateDir.resolve(MARKER);
    EngineSetup saved = EngineSetup.read(settings);
    Optional<String> why = Optional.empty();
    EngineSetup chosen = saved;
    if (saved.route() != EngineRoute.BUNDLED_CPU) {
      why = crashedBefore(saved).or(() -> missingLibrary(saved));
      if (why.isPresent()) {
        chosen = EngineSetup.DEFAULT.withDevice(saved.device());
      }
    }
    if (why.isPresent() && Files.exists(marker)) {
      chosen.save(settings);
    }
    this.setup = chosen;
    this.notice = why;
    why.ifPresent(w -> LOG.warn("{}", w));
    writeMarker(chosen);
    chosen.applyTo(sink);
    EngineInfo.routeApplied(chosen.route());
    EngineInfo.useDevice(chosen.device());
  }

  /**
   * Applies the saved setup to this process's system properties; call once, before anything loads
   * the engine.
   *
   * @param stateDir where the marker lives (the application's data folder)
   */
  public static EngineStart prepare(Settings settings, Path stateDir) {
    return new EngineStart(settings, stateDir, System::setProperty);
  }

  /** The setup this start applied: the saved one, or the bundled CPU libraries after a fallback. */
  public EngineSetup setup() {
    return setup;
  }

  /** Why this start does not run the saved setup, for the artist; empty when it does. */
  public Optional<String> notice() {
    return notice;
  }

  /** The engine loaded: removes the marker. */
  public void loaded() {
    removeMarker();
  }

  /**
   * The engine failed to load with a Java-visible error: removes the marker, records the reason,
   * and sets a CUDA setup back to the bundled CPU libraries for the next start.
   */
  public void failed(Throwable failure) {
    removeMarker();
    String text =
        "The engine did not load with "
            + setup.librariesInWords()
            + ": "
            + Failures.describe(failure);
    if (setup.route() != EngineRoute.BUNDLED_CPU) {
      EngineSetup.DEFAULT.withDevice(setup.device()).save(settings);
      text += ". The next start uses the bundled CPU libraries.";
    }
    LOG.warn("{}", text);
    notice = Optional.of(text);
  }

  private Optional<String> crashedBefore(EngineSetup saved) {
    if (!Files.exists(marker)) {
      return Optional.empty();
    }
    return Optional.of(
        "The last start stopped while loading the engine with "
            + saved.librariesInWords()
            + ", so this start uses the bundled CPU libraries; the setup is set back to them."
            + " Check the folder, then choose it again.");
  }

  private static Optional<String> missingLibrary(EngineSetup saved) {
    Path dir = saved.library().orElseThrow();
    if (!Files.isDirectory(dir)) {
      return Optional.of(
          "The PyTorch folder " + dir + " is gone, so this start uses the bundled CPU libraries.");
    }
    if (!Files.isRegularFile(dir.resolve(LIBTORCH))) {
      return Optional.of(
          "The PyTorch folder "
              + dir
              + " no longer holds "
              + LIBTORCH
              + ", so this start uses the bundled CPU libraries.");
    }
    return Optional.empty();
  }

  private void writeMarker(EngineSetup s) {
    try {
      Files.createDirectories(marker.getParent());
      Files.writeString(
          marker,
          s.route().key() + " " + s.library().map(Path::toString).orElse("") + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn(
          "Could not write {}; a crash while loading the engine will not be noticed", marker, e);
    }
  }

  private void removeMarker() {
    try {
      Files.deleteIfExists(marker);
    } catch (IOException e) {
      LOG.warn("Could not remove {}", marker, e);
    }
  }
}
