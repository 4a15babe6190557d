package io.mcdrop.runtime.sampling;

/** Per-item values of one named input, and the shape of one row (without the batch dimension). */
public record TileFeed(String name, float[][] items, long[] rowShape) {
  public int rowSize() {
    return items[0].length;
  }
}
