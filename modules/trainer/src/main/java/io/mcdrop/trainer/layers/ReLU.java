package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Scratch;
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
  private boolean fused;
  private float[] output;
  private final Scratch yBuf = new Scratch();

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

  /** The batch norm in front applies this ReLU in its own passes: pass data through. */
  void markFused() {
    this.fused = true;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    if (fused) {
      return x;
    }
    float[] xd = x.data();
    float[] y = inPlace ? xd : yBuf.floats(xd.length);
    Parallel.elements(
        y.length,
        (from, to, worker) -> {
          for (int i = from; i < to; i++) {
            // Math.max compiles to a branch-free vector max (negative values and -0 become +0).
            y[i] = Math.max(xd[i], 0f);
          }
        });
    output = y;
    return new Tensor(y, x.n(), shape);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    if (fused) {
      return gradOut;
    }
    float[] dy = gradOut.data();
    float[] y = output;
    Parallel.elements(
        dy.length,
        (from, to, worker) -> {
          for (int i = from; i < to; i++) {
            // Outputs are +0 or positive; -bits >> 31 is all ones exactly for positive ones.
            int keep = -Float.floatToRawIntBits(y[i]) >> 31;
            dy[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & keep);
          }
        });
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
