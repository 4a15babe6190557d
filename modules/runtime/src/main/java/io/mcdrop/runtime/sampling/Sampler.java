package io.mcdrop.runtime.sampling;

/**
 * Draws MC samples by one strategy. A sampler lives for one request (the trunk-cached one keeps the
 * request's trunk outputs), so it is not shared between threads.
 */
public interface Sampler {
  /**
   * {@code n} samples of each item, item-major ({@link Rows}).
   *
   * @param items the inputs still being sampled
   * @param ids their positions in the request (stable across adaptive rounds)
   */
  Rows draw(float[][] items, int[] ids, int n);
}
