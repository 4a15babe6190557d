package io.mcdrop.runtime.session;

/**
 * One named input of a run, as plain Java arrays: a float tensor or an int64 tensor.
 *
 * @param name the graph input
 * @param floats float data (null for an int64 feed)
 * @param longs int64 data (null for a float feed)
 * @param shape the full tensor shape
 */
public record Feed(String name, float[] floats, long[] longs, long[] shape) {
  public static Feed floats(String name, float[] data, long[] shape) {
    return new Feed(name, data, null, shape);
  }

  public static Feed longs(String name, long[] data, long[] shape) {
    return new Feed(name, null, data, shape);
  }
}
