package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Shape;

/** Output shape of an unpadded pooling window, with a clear error when the window does not fit. */
final class PoolGeometry {
  private PoolGeometry() {}

  static Shape output(Shape in, int k, int stride) {
    if (k < 1 || stride < 1 || in.h() < k || in.w() < k) {
      throw new IllegalArgumentException(
          "pooling window " + k + " (stride " + stride + ") does not fit input " + in);
    }
    return new Shape(in.c(), (in.h() - k) / stride + 1, (in.w() - k) / stride + 1);
  }
}
