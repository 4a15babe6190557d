package io.mcdrop.runtime.sampling;

/**
 * Values of one named input and the shape of one row (without the batch dimension): per item
 * (logical row {@code r} of a tiled run reads item {@code r / copies}) or, for fed dropout masks,
 * generated per row (logical row {@code r = item * copies + sample} is written by {@code rows}).
 *
 * @param items per-item values (null for a generated feed)
 * @param rows writes each logical row of a generated feed (null for a per-item feed)
 */
public record TileFeed(String name, float[][] items, long[] rowShape, RowWriter rows) {
  /** Writes logical row {@code row}'s {@code size} values into {@code dst[offset, offset+size)}. */
  @FunctionalInterface
  public interface RowWriter {
    void write(int row, float[] dst, int offset, int size);
  }

  /** A per-item feed. */
  public TileFeed(String name, float[][] items, long[] rowShape) {
    this(name, items, rowShape, null);
  }

  /** A feed generated per logical row (dropout masks). */
  public static TileFeed generated(String name, long[] rowShape, RowWriter rows) {
    return new TileFeed(name, null, rowShape, rows);
  }

  /** Whether rows are generated per logical row rather than copied per item. */
  public boolean perRow() {
    return rows != null;
  }

  public int rowSize() {
    if (rows == null) {
      return items[0].length;
    }
    long n = 1;
    for (long d : rowShape) {
      n *= d;
    }
    return (int) n;
  }
}
