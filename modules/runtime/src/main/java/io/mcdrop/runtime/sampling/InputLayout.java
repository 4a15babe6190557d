package io.mcdrop.runtime.sampling;

/** The model's data input: its name and the shape of one row (without the batch). */
public record InputLayout(String name, long[] rowShape) {
  /** The items as a feed of this input. */
  public TileFeed feed(float[][] items) {
    return new TileFeed(name, items, rowShape);
  }
}
