package io.mcdrop.trainer.tensor;

/**
 * The shape of one sample: channels, height, width. A flat feature vector of length F is (F, 1, 1),
 * which has the same memory layout as ONNX's [N, F].
 */
public record Shape(int c, int h, int w) {
  public Shape {
    if (c <= 0 || h <= 0 || w <= 0) {
      throw new IllegalArgumentException("shape dims must be positive: " + c + "x" + h + "x" + w);
    }
  }

  public static Shape flat(int features) {
    return new Shape(features, 1, 1);
  }

  public int size() {
    return c * h * w;
  }

  public boolean isFlat() {
    return h == 1 && w == 1;
  }

  @Override
  public String toString() {
    return c + "x" + h + "x" + w;
  }
}
