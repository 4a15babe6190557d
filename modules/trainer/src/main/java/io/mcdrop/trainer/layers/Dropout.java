package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.export.OnnxContext;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the survivors are
 * scaled by 1/(1−p), so inference is the identity — exactly ONNX's Dropout.
 */
public final class Dropout implements Layer, Stochastic {
  private final Shape shape;
  private final double p;
  private final Rng rng;
  private float[] mask;
  private boolean alwaysOn;

  public Dropout(Shape shape, double p, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
    }
    this.shape = shape;
    this.p = p;
    this.rng = new Rng(seed);
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
  public void reseed(long seed) {
    rng.reseed(seed);
  }

  @Override
  public double rate() {
    return p;
  }

  @Override
  public String kind() {
    return "standard";
  }

  @Override
  public void setAlwaysOn(boolean on) {
    this.alwaysOn = on;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    if (!(training || alwaysOn) || p == 0) {
      mask = null;
      return x;
    }
    float[] xd = x.data();
    float[] y = new float[xd.length];
    float[] m = new float[xd.length];
    float scale = (float) (1.0 / (1.0 - p));
    for (int i = 0; i < xd.length; i++) {
      if (rng.nextDouble() >= p) {
        m[i] = scale;
        y[i] = xd[i] * scale;
      }
    }
    mask = m;
    return new Tensor(y, x.n(), shape);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    if (mask == null) {
      return gradOut;
    }
    float[] dy = gradOut.data();
    float[] dx = new float[dy.length];
    for (int i = 0; i < dx.length; i++) {
      dx[i] = dy[i] * mask[i];
    }
    return new Tensor(dx, gradOut.n(), shape);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.dropout(x, p);
  }

  @Override
  public String describe() {
    return "Dropout(" + p + ")";
  }
}
