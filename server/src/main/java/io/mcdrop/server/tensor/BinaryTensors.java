package io.mcdrop.server.tensor;

import io.mcdrop.errors.ErrorCode;
import io.mcdrop.errors.McdropException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Tensors in the protocol's binary form: little-endian, row-major, no padding; BOOL one byte per
 * element; BYTES a 4-byte little-endian length before each element. Used by the REST binary
 * extension and by gRPC's raw contents alike.
 */
public final class BinaryTensors {
  private BinaryTensors() {}

  /**
   * Checks that {@code length} bytes at {@code offset} hold exactly a tensor of {@code datatype}
   * and {@code shape}, and returns its values as floats when it is FP32 (else null).
   */
  public static float[] read(
      Datatype datatype, long[] shape, byte[] buf, int offset, int length, String what) {
    long elements = Shapes.elements(shape, what);
    if (datatype == Datatype.BYTES) {
      checkBytes(elements, buf, offset, length, what);
      return null;
    }
    long expected = elements * datatype.size();
    if (length != expected) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what
              + ": binary data has "
              + length
              + " bytes but "
              + elements
              + " "
              + datatype
              + " elements take "
              + expected);
    }
    if (datatype == Datatype.BOOL) {
      for (int i = 0; i < length; i++) {
        byte b = buf[offset + i];
        if (b != 0 && b != 1) {
          throw new McdropException(
              ErrorCode.BAD_INPUT, what + ": a BOOL element must be the byte 0 or 1, got " + b);
        }
      }
      return null;
    }
    if (datatype != Datatype.FP32) {
      return null;
    }
    float[] out = new float[(int) elements];
    ByteBuffer.wrap(buf, offset, length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    for (float f : out) {
      if (!Float.isFinite(f)) {
        throw new McdropException(
            ErrorCode.BAD_INPUT, what + ": the data contains a NaN or infinite value");
      }
    }
    return out;
  }

  private static void checkBytes(long elements, byte[] buf, int offset, int length, String what) {
    ByteBuffer b = ByteBuffer.wrap(buf, offset, length).order(ByteOrder.LITTLE_ENDIAN);
    long seen = 0;
    while (b.remaining() > 0) {
      if (b.remaining() < 4) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            what + ": BYTES element " + seen + " has a truncated 4-byte length prefix");
      }
      long n = Integer.toUnsignedLong(b.getInt());
      if (n > b.remaining()) {
        throw new McdropException(
            ErrorCode.BAD_INPUT,
            what
                + ": BYTES element "
                + seen
                + " claims "
                + n
                + " bytes but only "
                + b.remaining()
                + " remain");
      }
      b.position(b.position() + (int) n);
      seen++;
    }
    if (seen != elements) {
      throw new McdropException(
          ErrorCode.BAD_INPUT,
          what + ": binary data holds " + seen + " BYTES elements but the shape needs " + elements);
    }
  }

  /** FP32 values as little-endian bytes. */
  public static byte[] fp32(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  /** INT32 values as little-endian bytes. */
  public static byte[] int32(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return b.array();
  }

  /** UTF-8 strings as BYTES elements, each after its 4-byte little-endian length. */
  public static byte[] bytes(String[] values) {
    byte[][] enc = new byte[values.length][];
    int total = 0;
    for (int i = 0; i < values.length; i++) {
      enc[i] = values[i].getBytes(StandardCharsets.UTF_8);
      total += 4 + enc[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] e : enc) {
      b.putInt(e.length).put(e);
    }
    return b.array();
  }
}
