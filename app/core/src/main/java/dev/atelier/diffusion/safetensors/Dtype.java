package dev.atelier.diffusion.safetensors;

import ai.djl.ndarray.types.DataType;
import java.util.Optional;

/**
 * The element types a safetensors header may name, with their size in bytes. Only {@link #F32},
 * {@link #F16} and {@link #BF16} can be read as float32; the others are listed (checkpoints carry
 * e.g. {@code I64} position ids) and refused when read.
 */
public enum Dtype {
  F64(8, null),
  F32(4, DataType.FLOAT32),
  F16(2, DataType.FLOAT16),
  BF16(2, DataType.BFLOAT16),
  I64(8, null),
  I32(4, null),
  I16(2, null),
  I8(1, null),
  U64(8, null),
  U32(4, null),
  U16(2, null),
  U8(1, null),
  BOOL(1, null),
  F8_E4M3(1, null),
  F8_E5M2(1, null);

  private final int bytes;
  private final DataType floatType;

  Dtype(int bytes, DataType floatType) {
    this.bytes = bytes;
    this.floatType = floatType;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Whether a tensor of this type can be read as float32. */
  public boolean readableAsFloat() {
    return floatType != null;
  }

  /** The engine's type for the stored values, for the types readable as float32. */
  DataType storedType() {
    return floatType;
  }

  /** The type a header names ({@code "F32"}, {@code "BF16"}, …), if it is one of these. */
  public static Optional<Dtype> fromHeader(String name) {
    for (Dtype d : values()) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
