package dev.atelier.gui.settings;

import java.util.Objects;

/**
 * What trying an engine setup gave.
 *
 * @param passed whether the engine loaded with it
 * @param detail what loaded ("PyTorch 2.7.1 cu128, 1 GPU") when it passed, else why not, as a
 *     sentence for the artist
 */
public record RouteTrial(boolean passed, String detail) {

  public RouteTrial {
    Objects.requireNonNull(detail, "detail");
  }

  /** The engine loaded and reported {@code engine}. */
  public static RouteTrial passed(String engine) {
    return new RouteTrial(true, engine);
  }

  /** The engine did not load, for {@code problem}. */
  public static RouteTrial failed(String problem) {
    return new RouteTrial(false, problem);
  }
}
