package io.mcdrop.runtime.session;

import java.nio.FloatBuffer;

/**
 * One named input of a run, as plain Java arrays (a float or an int64 tensor), or as a direct float
 * buffer ONNX Runtime reads in place ({@link DirectFloats}).
 *
 * @param name the graph input
 * @param floats float data (null for other feeds)
 * @param longs int64 data (null for other feeds)
 * @param direct direct, native-order float data from position to limit (null for other feeds)
 * @param shape the full tensor shape
 */
public record Feed(String name, float[] floats, long[] longs, FloatBuffer direct, long[] shape) {
  public static Feed floats(String name, float[] data, long[] shape) {
    return new Feed(name, data, null, null, shape);
  }

  public static Feed longs(String name, long[] data, long[] shape) {
    return new Feed(name, null, data, null, shape);
  }

  /** A float feed on a direct buffer (from {@link DirectFloats#slot}), read without a copy. */
  public static Feed direct(String name, FloatBuffer data, long[] shape) {
    if (!data.isDirect()) {
      throw new IllegalArgumentException("not a direct buffer");
    }
    return new Feed(name, null, null, data, shape);
  }
}
