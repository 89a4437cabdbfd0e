package dev.atelier.diffusion.sd.checkpoint;

import dev.atelier.diffusion.nn.WeightSource;

/**
 * A checkpoint opened for loading: what it is, and its weights under the single-file LDM names
 * whatever its layout on disk. Closing it closes the files; arrays already read stay valid.
 *
 * @param detected the family and geometry the network must be built with
 * @param weights every tensor by LDM name ({@code model.diffusion_model.…}, {@code
 *     first_stage_model.…}, the text encoders' prefixes)
 */
public record OpenCheckpoint(DetectedCheckpoint detected, WeightSource weights)
    implements AutoCloseable {

  @Override
  public void close() {
    weights.close();
  }
}
