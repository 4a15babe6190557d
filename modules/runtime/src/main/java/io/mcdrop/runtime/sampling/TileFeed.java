package io.mcdrop.runtime.sampling;

/**
 * Values of one named input and the shape of one row (without the batch dimension): per item
 * (logical row {@code r} of a tiled run reads item {@code r / copies}) or, for fed dropout masks,
 * per row (logical row {@code r = item * copies + sample} reads entry {@code r}).
 */
public record TileFeed(String name, float[][] items, long[] rowShape, boolean perRow) {
  /** A per-item feed. */
  public TileFeed(String name, float[][] items, long[] rowShape) {
    this(name, items, rowShape, false);
  }

  /** A per-row feed (dropout masks): {@code rows[item * copies + sample]}. */
  public static TileFeed perRow(String name, float[][] rows, long[] rowShape) {
    return new TileFeed(name, rows, rowShape, true);
  }

  public int rowSize() {
    return items[0].length;
  }
}
