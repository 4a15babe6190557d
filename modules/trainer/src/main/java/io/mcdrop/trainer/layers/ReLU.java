package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.export.OnnxContext;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/**
 * max(0, x), element-wise. Works in place: on this class of machine element-wise passes are
 * memory-bound, and no layer in front of a ReLU keeps its own output for backward. As the first
 * layer of a network (where the input is the caller's data) it copies instead.
 */
public final class ReLU implements Layer {
  private final Shape shape;
  private boolean inPlace = true;
  private float[] output;

  public ReLU(Shape shape) {
    this.shape = shape;
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  @Override
  public void setNeedsInputGrad(boolean needed) {
    this.inPlace = needed;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    float[] xd = x.data();
    float[] y = inPlace ? xd : new float[xd.length];
    for (int i = 0; i < y.length; i++) {
      // Branch-free: clear every bit of negative values (the sign bit smeared by >>).
      int bits = Float.floatToRawIntBits(xd[i]);
      y[i] = Float.intBitsToFloat(bits & ~(bits >> 31));
    }
    output = y;
    return new Tensor(y, x.n(), shape);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    float[] dy = gradOut.data();
    for (int i = 0; i < dy.length; i++) {
      // Outputs are +0 or positive; -bits >> 31 is all ones exactly for positive ones.
      int keep = -Float.floatToRawIntBits(output[i]) >> 31;
      dy[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & keep);
    }
    return new Tensor(dy, gradOut.n(), shape);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.node("Relu", List.of(x));
  }

  @Override
  public String describe() {
    return "ReLU";
  }
}
