package dev.atelier.engine;

/**
 * The PyTorch engine could not load its native libraries (a missing or mismatched library, a
 * missing CUDA runtime or driver). A start-up that applied a CUDA setup hands it to {@link
 * EngineStart#failed}.
 */
public final class EngineLoadException extends IllegalStateException {

  public EngineLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
