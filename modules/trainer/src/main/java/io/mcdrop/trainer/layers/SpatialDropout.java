package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.export.OnnxContext;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;

/**
 * Channel dropout (PyTorch's Dropout2d): each (sample, channel) plane is zeroed with probability p,
 * survivors scaled by 1/(1−p). Neighbouring activations in a feature map are strongly correlated,
 * so dropping single pixels regularises convolutions little; dropping whole maps does.
 */
public final class SpatialDropout implements Layer, Stochastic {
  private final Shape shape;
  private final double p;
  private final Rng rng;
  private float[] mask;
  private boolean alwaysOn;

  public SpatialDropout(Shape shape, double p, long seed) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("spatial dropout rate must be in [0, 1), got " + p);
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
    return "spatial";
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
    int planes = x.n() * shape.c();
    int hw = shape.h() * shape.w();
    float scale = (float) (1.0 / (1.0 - p));
    float[] m = new float[planes];
    float[] xd = x.data();
    float[] y = new float[xd.length];
    for (int q = 0; q < planes; q++) {
      if (rng.nextDouble() >= p) {
        m[q] = scale;
        for (int i = q * hw; i < (q + 1) * hw; i++) {
          y[i] = xd[i] * scale;
        }
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
    int hw = shape.h() * shape.w();
    float[] dy = gradOut.data();
    float[] dx = new float[dy.length];
    for (int q = 0; q < mask.length; q++) {
      float s = mask[q];
      if (s != 0f) {
        for (int i = q * hw; i < (q + 1) * hw; i++) {
          dx[i] = dy[i] * s;
        }
      }
    }
    return new Tensor(dx, gradOut.n(), shape);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.spatialDropout(x, p);
  }

  @Override
  public String describe() {
    return "SpatialDropout(" + p + ")";
  }
}
