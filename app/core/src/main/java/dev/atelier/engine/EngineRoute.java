package dev.atelier.engine;

/**
 * Where the PyTorch engine gets its native libraries. Only the first ships with Atelier; the other
 * two give it CUDA, and both point DJL at a folder with {@code libtorch.so} through its {@code
 * PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR} settings (see {@link
 * EngineSetup}).
 */
public enum EngineRoute {
  /** The CPU libraries bundled with Atelier. Always there; the fallback for every failure. */
  BUNDLED_CPU("bundled"),

  /** A PyTorch with CUDA already installed on this computer (pip, conda or a libtorch folder). */
  INSTALLED_PYTORCH("installed"),

  /** DJL's published CUDA libraries, downloaded once with the artist's consent. */
  DOWNLOADED_CUDA("downloaded");

  /**
   * The PyTorch version the bundled JNI bridge (pytorch-jni 2.7.1-0.36.0) is built against: DJL
   * loads another version's libraries only by downloading a matching bridge, which fails offline.
   */
  public static final String TORCH_VERSION = "2.7.1";

  /** The CUDA flavour the bundled JNI bridge has besides {@code cpu}: CUDA 12.8. */
  public static final String CUDA_FLAVOR = "cu128";

  /** The CUDA version of {@link #CUDA_FLAVOR}, as PyTorch writes it. */
  public static final String CUDA_VERSION = "12.8";

  private final String key;

  EngineRoute(String key) {
    this.key = key;
  }

  /** The word settings store. */
  public String key() {
    return key;
  }

  /**
   * The route in words: "bundled CPU libraries", "installed PyTorch", "downloaded CUDA libraries".
   */
  public String words() {
    return switch (this) {
      case BUNDLED_CPU -> "bundled CPU libraries";
      case INSTALLED_PYTORCH -> "installed PyTorch";
      case DOWNLOADED_CUDA -> "downloaded CUDA libraries";
    };
  }

  /** The route stored as {@code key}. */
  public static EngineRoute ofKey(String key) {
    for (EngineRoute route : values()) {
      if (route.key.equals(key)) {
        return route;
      }
    }
    throw new IllegalArgumentException("Unknown engine route: " + key);
  }
}
