package io.mcdrop.runtime.sampling;

/**
 * Model outputs of sampled rows, item-major: sample {@code t} of item {@code a} is row {@code a * n
 * + t}, its K values at {@code values[row * width ...]}.
 */
public record Rows(float[] values, int width) {
  public int count() {
    return values.length / width;
  }
}
