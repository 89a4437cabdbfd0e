package dev.atelier.diffusion.safetensors;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor as a validated header describes it.
 *
 * @param name the tensor's key
 * @param dtype its stored element type
 * @param shape its shape (every dimension ≥ 0; an empty shape is a scalar)
 * @param begin first byte in the data section (after the header)
 * @param end one past its last byte; {@code end - begin == shape.size() * dtype.bytes()}
 */
public record TensorInfo(String name, Dtype dtype, Shape shape, long begin, long end) {

  /** Stored size in bytes. */
  public long byteSize() {
    return end - begin;
  }
}
