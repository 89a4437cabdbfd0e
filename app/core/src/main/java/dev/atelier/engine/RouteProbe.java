package dev.atelier.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;

/**
 * The child process's side of a {@link RouteCheck}: loads the PyTorch engine with the settings it
 * was started with, multiplies two 64×64 matrices on the chosen device, compares the product with
 * the same product worked out in plain Java on the CPU, and answers with one line of JSON.
 */
final class RouteProbe {

  /** Starts the answer line, so that anything else a library prints is not read as one. */
  static final String MARK = "atelier-route-check ";

  /** Matrix size of the test product. */
  static final int SIZE = 64;

  /**
   * How far the device's product may be from the CPU's: well above float rounding (and TF32, where
   * a GPU uses it), far below what broken kernels give for entries about 1 in size.
   */
  static final double TOLERANCE = 1e-2;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the child found.
   *
   * @param version the engine's PyTorch version; empty when it did not load
   * @param flavor the native libraries' flavour: "cpu" or "cu128"
   * @param library the folder the libraries were loaded from
   * @param gpus the GPUs the engine sees
   * @param device the device the product ran on, as DJL names it
   * @param maxDifference the largest difference from the CPU's product
   * @param problem why the route cannot be used; empty when it works
   */
  record Answer(
      String version,
      String flavor,
      String library,
      int gpus,
      String device,
      double maxDifference,
      String problem) {

    static Answer failed(String problem) {
      return new Answer("", "", "", 0, "", 0, problem);
    }

    String line() {
      try {
        return MARK + JSON.writeValueAsString(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    static Answer read(String json) throws JsonProcessingException {
      return JSON.readValue(json, Answer.class);
    }
  }

  private RouteProbe() {}

  /** Loads the engine and checks one product on {@code device}. Never throws. */
  static Answer probe(DeviceChoice device) {
    Engine engine;
    try {
      engine = EngineInfo.pytorch();
    } catch (RuntimeException | LinkageError e) {
      return Answer.failed(sentence("The engine could not load PyTorch's libraries: " + cause(e)));
    }
    String version = engine.getVersion();
    String flavor = flavor();
    String library = library();
    int gpus = engine.getGpuCount();
    if (device.gpu() && device.index() >= gpus) {
      return new Answer(
          version,
          flavor,
          library,
          gpus,
          "",
          0,
          "The engine loaded, but "
              + (gpus == 0
                  ? "it sees no GPU"
                  : "it sees only " + gpus + (gpus == 1 ? " GPU" : " GPUs"))
              + ", so it cannot run on "
              + device.label()
              + ".");
    }
    try {
      double difference = difference(engine, device);
      String problem =
          difference <= TOLERANCE
              ? ""
              : "The engine's result on "
                  + device.label()
                  + " is wrong (off by "
                  + (float) difference
                  + "): these libraries do not work with this computer's GPU or driver.";
      return new Answer(
          version, flavor, library, gpus, device.toDevice().toString(), difference, problem);
    } catch (RuntimeException | LinkageError e) {
      return new Answer(
          version,
          flavor,
          library,
          gpus,
          "",
          0,
          sentence(
              "The engine loaded, but could not compute on " + device.label() + ": " + cause(e)));
    }
  }

  /** The largest difference between the product on {@code device} and plain Java's. */
  private static double difference(Engine engine, DeviceChoice device) {
    Random random = new Random(7);
    float[] a = new float[SIZE * SIZE];
    float[] b = new float[SIZE * SIZE];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextFloat() - 0.5f;
      b[i] = random.nextFloat() - 0.5f;
    }
    float[] actual;
    try (NDManager manager = engine.newBaseManager(device.toDevice())) {
      Shape shape = new Shape(SIZE, SIZE);
      NDArray product = manager.create(a, shape).matMul(manager.create(b, shape));
      actual = product.toFloatArray();
    }
    double worst = 0;
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        double expected = 0;
        for (int k = 0; k < SIZE; k++) {
          expected += (double) a[i * SIZE + k] * b[k * SIZE + j];
        }
        double d = Math.abs(actual[i * SIZE + j] - expected);
        worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
      }
    }
    return worst;
  }

  /** The flavour DJL was told to load, else the bundled libraries' own ("cpu"). */
  private static String flavor() {
    String set = Utils.getEnvOrSystemProperty(EngineSetup.FLAVOR_PROPERTY);
    return set == null || set.isBlank() ? "cpu" : set;
  }

  private static String library() {
    try {
      return LibUtils.getLibtorchPath();
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** {@code text} ending with a full stop. */
  static String sentence(String text) {
    String t = text.strip();
    return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
  }

  /**
   * The most telling message in the chain: a link error names the library that could not load; else
   * the deepest message.
   */
  static String cause(Throwable failure) {
    String deepest = "";
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnsatisfiedLinkError && t.getMessage() != null) {
        return t.getMessage();
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        deepest = t.getMessage();
      }
    }
    return deepest.isEmpty() ? failure.getClass().getSimpleName() : deepest;
  }
}
