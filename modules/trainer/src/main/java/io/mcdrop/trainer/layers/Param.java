package io.mcdrop.trainer.layers;

/**
 * A named float array that a layer owns. Trainable parameters have a gradient array of the same
 * length; buffers (batch-norm running statistics) have none. {@code decay} says whether weight
 * decay applies (weights yes; biases and batch-norm affine parameters no).
 */
public final class Param {
  private final String name;
  private final float[] value;
  private final float[] grad;
  private final boolean decay;

  private Param(String name, float[] value, float[] grad, boolean decay) {
    this.name = name;
    this.value = value;
    this.grad = grad;
    this.decay = decay;
  }

  public static Param trainable(String name, float[] value, boolean decay) {
    return new Param(name, value, new float[value.length], decay);
  }

  public static Param buffer(String name, float[] value) {
    return new Param(name, value, null, false);
  }

  public String name() {
    return name;
  }

  public float[] value() {
    return value;
  }

  /** The gradient, overwritten by each backward pass; null for buffers. */
  public float[] grad() {
    return grad;
  }

  public boolean decay() {
    return decay;
  }

  public int size() {
    return value.length;
  }
}
