package io.mcdrop.trainer.tensor;

/**
 * A batch of {@code n} samples of one {@link Shape}, stored contiguously in NCHW order. The array
 * is exposed on purpose: layers run their hot loops directly over it.
 */
public final class Tensor {
  private final float[] data;
  private final int n;
  private final Shape shape;

  public Tensor(float[] data, int n, Shape shape) {
    if (data.length != n * shape.size()) {
      throw new IllegalArgumentException(
          data.length + " values do not fill " + n + " samples of " + shape);
    }
    this.data = data;
    this.n = n;
    this.shape = shape;
  }

  public static Tensor zeros(int n, Shape shape) {
    return new Tensor(new float[n * shape.size()], n, shape);
  }

  public float[] data() {
    return data;
  }

  public int n() {
    return n;
  }

  public Shape shape() {
    return shape;
  }

  /** Elements per sample. */
  public int sampleSize() {
    return shape.size();
  }

  /** Same data viewed with another per-sample shape of equal size (no copy). */
  public Tensor reshape(Shape to) {
    return new Tensor(data, n, to);
  }

  public Tensor copy() {
    return new Tensor(data.clone(), n, shape);
  }
}
