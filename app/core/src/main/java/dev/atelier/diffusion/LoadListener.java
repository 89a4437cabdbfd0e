package dev.atelier.diffusion;

/**
 * Progress of loading a model, which for a multi-gigabyte checkpoint takes a while: first its files
 * are checked against the hashes in {@code model.json}, then its weights are read into memory.
 * Called on the loading thread.
 */
@FunctionalInterface
public interface LoadListener {

  LoadListener NONE = (phase, done, total) -> {};

  /** What loading is doing now. */
  enum Phase {
    /** Hashing the model's files; counts bytes. */
    VERIFYING,
    /** Reading tensors into the networks; counts weights (numbers), not bytes. */
    READING_WEIGHTS
  }

  /**
   * @param done bytes hashed or weights read so far in this phase
   * @param total of this phase; {@code done == total} when it ends
   */
  void onProgress(Phase phase, long done, long total);
}
