package dev.atelier.diffusion.sd.checkpoint;

import dev.atelier.diffusion.ModelIntegrityException;
import java.nio.file.Path;

/**
 * A checkpoint Atelier cannot use as a Stable Diffusion model: its layout is not recognised, a part
 * is missing, its configuration is out of range, or its architecture is not supported yet. The
 * reason and fields are for the front ends; the message names the file and what was found.
 */
public final class CheckpointException extends ModelIntegrityException {

  private static final long serialVersionUID = 1L;

  /** Why the checkpoint was refused. */
  public enum Reason {
    /** Neither a single-file checkpoint nor a diffusers folder. */
    UNRECOGNISED,
    /** A part the model needs (UNet, VAE, text encoder, a folder's file) is absent. */
    MISSING_PART,
    /** A recognised model of an architecture Atelier does not run yet (SD 2.x, SDXL, …). */
    UNSUPPORTED,
    /** A configuration file is malformed or has values out of range. */
    BAD_CONFIG,
    /** Two tensors of a diffusers folder map to the same checkpoint name. */
    CONFLICTING_KEYS
  }

  private final Reason reason;
  private final transient Path path;
  private final String found;

  CheckpointException(Reason reason, Path path, String found, String message) {
    super(message);
    this.reason = reason;
    this.path = path;
    this.found = found;
  }

  /** An exception whose message is "Cannot use NAME: " and {@code detail}. */
  public static CheckpointException of(Reason reason, Path path, String found, String detail) {
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    return new CheckpointException(reason, path, found, "Cannot use " + name + ": " + detail);
  }

  public Reason reason() {
    return reason;
  }

  /** The checkpoint file or folder. */
  public Path path() {
    return path;
  }

  /** What was detected, in words (e.g. "Stable Diffusion XL, single file"); empty if nothing. */
  public String found() {
    return found;
  }
}
