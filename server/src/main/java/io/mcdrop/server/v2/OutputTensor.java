package io.mcdrop.server.v2;

import io.mcdrop.server.tensor.BinaryTensors;

/**
 * One output tensor of a response, with its values in exactly one of the typed arrays.
 *
 * @param name output name
 * @param datatype FP32, INT32 or BYTES
 * @param shape its shape
 * @param floats FP32 values, else null
 * @param ints INT32 values, else null
 * @param strings BYTES values (UTF-8 text), else null
 */
public record OutputTensor(
    String name, String datatype, long[] shape, float[] floats, int[] ints, String[] strings) {

  /** The values in the protocol's binary form. */
  public byte[] binary() {
    if (floats != null) {
      return BinaryTensors.fp32(floats);
    }
    if (ints != null) {
      return BinaryTensors.int32(ints);
    }
    return BinaryTensors.bytes(strings);
  }
}
