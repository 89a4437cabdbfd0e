package dev.atelier.engine;

import dev.atelier.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine is set up, as saved in settings: where its native libraries come from ({@link
 * EngineRoute}), the folder with {@code libtorch.so} for the CUDA routes, and the device generation
 * runs on. The studio and the command line {@linkplain #apply() apply} it at start-up, before the
 * engine first loads; a change takes effect at the next start.
 *
 * @param route where the native libraries come from
 * @param library the folder with {@code libtorch.so}; empty for the bundled CPU libraries
 * @param device where generation runs
 */
public record EngineSetup(EngineRoute route, Optional<Path> library, DeviceChoice device) {

  private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);

  /** Settings key of {@link #route}, stored as {@link EngineRoute#key()}. */
  public static final String ROUTE = "engine.route";

  /** Settings key of {@link #library}. */
  public static final String LIBRARY = "engine.library";

  /** Settings key of {@link #device}, stored as {@link DeviceChoice#toString()}. */
  public static final String DEVICE = "engine.device";

  /** DJL's setting for the folder with {@code libtorch.so}. */
  public static final String LIBRARY_PATH_PROPERTY = "PYTORCH_LIBRARY_PATH";

  /** DJL's setting for the version of those libraries. */
  public static final String VERSION_PROPERTY = "PYTORCH_VERSION";

  /** DJL's setting for their flavour; without it DJL guesses, and may try to download. */
  public static final String FLAVOR_PROPERTY = "PYTORCH_FLAVOR";

  /** What a new installation uses: the bundled libraries on the CPU. */
  public static final EngineSetup DEFAULT =
      new EngineSetup(EngineRoute.BUNDLED_CPU, Optional.empty(), DeviceChoice.CPU);

  public EngineSetup {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(device, "device");
    library = library.map(p -> p.toAbsolutePath().normalize());
    if (route != EngineRoute.BUNDLED_CPU && library.isEmpty()) {
      throw new IllegalArgumentException("The " + route.key() + " route needs a library folder");
    }
    if (route == EngineRoute.BUNDLED_CPU) {
      library = Optional.empty();
    }
  }

  /** A CUDA route with the folder that holds its {@code libtorch.so}. */
  public static EngineSetup cuda(EngineRoute route, Path library, DeviceChoice device) {
    return new EngineSetup(route, Optional.of(library), device);
  }

  /** The same setup on another device. */
  public EngineSetup withDevice(DeviceChoice other) {
    return new EngineSetup(route, library, other);
  }

  /**
   * The saved setup. A value that does not read (edited by hand, or from a newer version) is logged
   * and left at its default, so a bad file never keeps the engine from starting.
   */
  public static EngineSetup read(Settings settings) {
    EngineRoute route = EngineRoute.BUNDLED_CPU;
    DeviceChoice device = DeviceChoice.CPU;
    try {
      route = settings.get(ROUTE).map(String::strip).map(EngineRoute::ofKey).orElse(route);
      device = settings.get(DEVICE).map(DeviceChoice::parse).orElse(device);
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring the saved engine setup: {}", e.getMessage());
      return DEFAULT;
    }
    Optional<Path> library = settings.get(LIBRARY).map(String::strip).map(Path::of);
    if (route != EngineRoute.BUNDLED_CPU && library.isEmpty()) {
      LOG.warn("Ignoring the saved {} engine route: it names no library folder", route.key());
      return new EngineSetup(EngineRoute.BUNDLED_CPU, Optional.empty(), device);
    }
    return new EngineSetup(route, library, device);
  }

  /** Where the libraries come from, in words: "the installed PyTorch in /x/torch/lib". */
  public String librariesInWords() {
    String words = "the " + route.words();
    return library.map(dir -> words + " in " + dir).orElse(words);
  }

  /** Saves this setup; it applies at the next start. */
  public void save(Settings settings) {
    settings.put(ROUTE, route.key());
    settings.put(DEVICE, device.toString());
    if (library.isPresent()) {
      settings.put(LIBRARY, library.get().toString());
    } else {
      settings.remove(LIBRARY);
    }
  }

  /**
   * The DJL settings this setup needs, in the order they are set; empty for the bundled libraries.
   */
  public Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    library.ifPresent(
        dir -> {
          properties.put(LIBRARY_PATH_PROPERTY, dir.toString());
          properties.put(VERSION_PROPERTY, EngineRoute.TORCH_VERSION);
          properties.put(FLAVOR_PROPERTY, EngineRoute.CUDA_FLAVOR);
        });
    return properties;
  }

  /**
   * Hands each of {@link #properties()} to {@code sink}: the real start-up passes {@link
   * System#setProperty}, tests a map.
   */
  public void applyTo(BiConsumer<String, String> sink) {
    properties().forEach(sink);
  }

  /** Sets the DJL system properties and the device; call before the engine first loads. */
  public void apply() {
    applyTo(System::setProperty);
  }
}
