package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * Named tensors a network's weights are read from: a checkpoint file, a folder of them, or arrays
 * in memory. Names are the checkpoint's own keys (for Stable Diffusion, the single-file LDM names
 * such as {@code model.diffusion_model.out.2.weight}); a source over another layout renames its
 * keys to those before handing them out.
 */
public interface WeightSource extends AutoCloseable {

  /** Every tensor's name and shape, in a stable order. Reading the map reads no tensor data. */
  Map<String, Shape> shapes();

  /**
   * Reads one tensor as float32 onto {@code manager}, whatever its stored type.
   *
   * @throws IllegalArgumentException when there is no tensor of that name
   */
  NDArray read(String name, NDManager manager);

  /** Releases mapped files; tensors already read stay valid. */
  @Override
  void close();
}
