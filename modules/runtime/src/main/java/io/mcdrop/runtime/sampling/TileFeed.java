package io.mcdrop.runtime.sampling;

/**
 * Values of one named input and the shape of one row (without the batch dimension): per item (row
 * {@code r} of a tiled run reads item {@code r / copies}) or, for fed dropout masks, per sample
 * (row {@code r} reads sample {@code r % copies}).
 */
public record TileFeed(String name, float[][] items, long[] rowShape, boolean bySample) {
  /** A per-item feed. */
  public TileFeed(String name, float[][] items, long[] rowShape) {
    this(name, items, rowShape, false);
  }

  /** A per-sample feed (dropout masks): {@code samples[t]} for sample t. */
  public static TileFeed bySample(String name, float[][] samples, long[] rowShape) {
    return new TileFeed(name, samples, rowShape, true);
  }

  public int rowSize() {
    return items[0].length;
  }
}
