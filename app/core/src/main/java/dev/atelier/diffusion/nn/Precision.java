package dev.atelier.diffusion.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The number type a network's weights are kept in on a device. On a GPU the UNet and the text
 * encoder run in float16, which halves their memory and uses the tensor cores; on the CPU
 * everything stays float32 (the engine's CPU kernels for float16 and bfloat16 are slow, and some
 * abort the process, so no such array is ever made on the CPU). The VAE always stays float32: its
 * decoder's activations overflow float16 at large sizes.
 */
public final class Precision {

  private Precision() {}

  /** float16 on a GPU, float32 on the CPU. */
  public static DataType forWeights(Device device) {
    return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
  }

  /** Bytes of one element of {@code type}. */
  public static int bytes(DataType type) {
    return type.getNumOfBytes();
  }

  /**
   * {@code a} as {@code type}: {@code a} itself when it already is, otherwise a new array on the
   * same manager (the caller frees {@code a} when it no longer needs it).
   */
  public static NDArray as(NDArray a, DataType type) {
    return a.getDataType() == type ? a : a.toType(type, false);
  }
}
