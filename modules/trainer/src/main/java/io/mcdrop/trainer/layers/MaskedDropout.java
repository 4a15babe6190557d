package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;

/**
 * Inverted dropout over <em>units</em> of consecutive elements: each unit is zeroed with
 * probability p and survivors are scaled by 1/(1−p), so inference is the identity, as in ONNX's
 * Dropout. A unit is one element for {@link Dropout} and one (sample, channel) plane for {@link
 * SpatialDropout}; masks are drawn unit by unit in order, one uniform number each.
 */
abstract sealed class MaskedDropout implements Layer, Stochastic permits Dropout, SpatialDropout {
  private final Shape shape;
  private final double p;
  private final Rng rng;
  private float[] mask;
  private boolean alwaysOn;
  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();
  private final Scratch maskBuf = new Scratch();

  MaskedDropout(Shape shape, double p, long seed, String what) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException(what + " rate must be in [0, 1), got " + p);
    }
    this.shape = shape;
    this.p = p;
    this.rng = new Rng(seed);
  }

  /** Elements that share one mask value. */
  abstract int unitSize(Shape shape);

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
    float[] y = yBuf.floats(xd.length);
    int unit = unitSize(shape);
    float[] m = maskBuf.floats(xd.length / unit);
    float scale = (float) (1.0 / (1.0 - p));
    // The mask is drawn in order, one number per unit, so it does not depend on the thread count.
    for (int u = 0; u < m.length; u++) {
      m[u] = rng.nextDouble() >= p ? scale : 0f;
    }
    Parallel.elements(
        xd.length,
        (from, to, worker) -> {
          for (int i = from; i < to; i++) {
            y[i] = xd[i] * m[i / unit];
          }
        });
    mask = m;
    return new Tensor(y, x.n(), shape);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    if (mask == null) {
      return gradOut;
    }
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(dy.length);
    int unit = unitSize(shape);
    float[] m = mask;
    Parallel.elements(
        dy.length,
        (from, to, worker) -> {
          for (int i = from; i < to; i++) {
            dx[i] = dy[i] * m[i / unit];
          }
        });
    return new Tensor(dx, gradOut.n(), shape);
  }
}
