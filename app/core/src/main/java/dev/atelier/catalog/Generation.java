package dev.atelier.catalog;

import java.time.Instant;

/** One generation request and how it ended. {@code id} is 0 until stored. */
public record Generation(
    long id,
    String modelId,
    String prompt,
    String negativePrompt,
    long seed,
    String sampler,
    int steps,
    double guidance,
    int width,
    int height,
    int variantCount,
    Status status,
    Instant createdAt,
    Instant finishedAt) {

  /** Where a generation stands. */
  public enum Status {
    RUNNING,
    DONE,
    CANCELLED,
    FAILED,
    /** Still running when the process that ran it ended (a crash, a kill, a power cut). */
    INTERRUPTED
  }

  public Generation withId(long newId) {
    return new Generation(
        newId,
        modelId,
        prompt,
        negativePrompt,
        seed,
        sampler,
        steps,
        guidance,
        width,
        height,
        variantCount,
        status,
        createdAt,
        finishedAt);
  }
}
