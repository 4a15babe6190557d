package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/**
 * Batch normalisation over (N, H, W) per channel; on flat inputs it is BatchNorm1d. Training uses
 * batch statistics and updates running averages (momentum 0.1, unbiased variance, as PyTorch);
 * inference and export use the running averages.
 */
public final class BatchNorm2d implements Layer {
  public static final float EPS = 1e-5f;
  private static final float MOMENTUM = 0.1f;

  private final Shape shape;
  private final Param gamma;
  private final Param beta;
  private final Param runningMean;
  private final Param runningVar;
  private float[] input;
  private float[] output;
  private boolean relu;
  private float[] mean;
  private float[] invStd;
  private boolean lastTraining;
  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();
  private final Scratch muBuf = new Scratch();
  private final Scratch invBuf = new Scratch();

  public BatchNorm2d(Shape shape) {
    this.shape = shape;
    int c = shape.c();
    float[] g = new float[c];
    java.util.Arrays.fill(g, 1f);
    float[] v = new float[c];
    java.util.Arrays.fill(v, 1f);
    this.gamma = Param.trainable("gamma", g, false);
    this.beta = Param.trainable("beta", new float[c], false);
    this.runningMean = Param.buffer("running_mean", new float[c]);
    this.runningVar = Param.buffer("running_var", v);
  }

  @Override
  public Shape inputShape() {
    return shape;
  }

  @Override
  public Shape outputShape() {
    return shape;
  }

  public Param gamma() {
    return gamma;
  }

  public Param beta() {
    return beta;
  }

  public Param runningMean() {
    return runningMean;
  }

  public Param runningVar() {
    return runningVar;
  }

  /** Σ x, Σ x² of the forward batch; a convolution in front may fill them ({@link Fusion}). */
  private final ChannelMoments moments = new ChannelMoments();

  /** Σ d, Σ d·(x − μ) of the backward pass. */
  private final ChannelMoments gradMoments = new ChannelMoments();

  /** The max pool behind the fused ReLU that normalises and pools in one pass, or null. */
  private MaxPool2d pool;

  /** The input whose normalisation was left to {@link #pool} (training forward), else null. */
  private float[] deferred;

  /** The input gradient the fused pool backward already computed (see {@link #backward}). */
  private float[] precomputedGrad;

  /** The last forward's per-channel factor and offset: y = x · scale + shift. */
  private float[] fwdScale = new float[0];

  private float[] fwdShift = new float[0];

  private double[] sums = new double[0];
  private float[] scaleBuf = new float[0];
  private float[] shiftBuf = new float[0];

  private double[] sums(int c) {
    if (sums.length != 2 * c) {
      sums = new double[2 * c];
    }
    return sums;
  }

  /**
   * Forward in memory order (sample by sample, channel by channel inside it), parallel over the
   * samples: walking channel by channel instead reads the batch in plane-sized strides, which the
   * hardware prefetcher follows badly.
   */
  @Override
  public Tensor forward(Tensor x, boolean training) {
    int n = x.n();
    int c = shape.c();
    int hw = shape.h() * shape.w();
    float[] xd = x.data();
    float[] mu = muBuf.floats(c);
    float[] inv = invBuf.floats(c);
    float[] g = gamma.value();
    float[] b = beta.value();
    float[] rm = runningMean.value();
    float[] rv = runningVar.value();
    int m = n * hw;
    int workers = Math.min(Parallel.threads(), n);
    if (training) {
      if (!moments.collectedFor(xd, n)) {
        moments.reset(workers, c);
        Parallel.range(
            n,
            (from, to, worker) -> {
              for (int s = from; s < to; s++) {
                moments.addSample(xd, s * c * hw, c, hw, worker);
              }
            });
      }
      double[] tot = sums(c);
      moments.reduce(tot);
      for (int ch = 0; ch < c; ch++) {
        double mean = tot[2 * ch] / m;
        double var = Math.max(0, tot[2 * ch + 1] / m - mean * mean);
        double unbiased = m > 1 ? var * m / (m - 1) : var;
        rm[ch] = (float) ((1 - MOMENTUM) * rm[ch] + MOMENTUM * mean);
        rv[ch] = (float) ((1 - MOMENTUM) * rv[ch] + MOMENTUM * unbiased);
        mu[ch] = (float) mean;
        inv[ch] = (float) (1.0 / Math.sqrt(var + EPS));
      }
    } else {
      for (int ch = 0; ch < c; ch++) {
        mu[ch] = rm[ch];
        inv[ch] = (float) (1.0 / Math.sqrt((double) rv[ch] + EPS));
      }
    }
    if (fwdScale.length != c) {
      fwdScale = new float[c];
      fwdShift = new float[c];
    }
    float[] scale = fwdScale;
    float[] shift = fwdShift;
    for (int ch = 0; ch < c; ch++) {
      scale[ch] = g[ch] * inv[ch];
      shift[ch] = b[ch] - mu[ch] * scale[ch];
    }
    this.input = xd;
    this.mean = mu;
    this.invStd = inv;
    this.lastTraining = training;
    this.precomputedGrad = null;
    if (training && pool != null) {
      // The pool behind the ReLU normalises, rectifies and pools in one pass (Fusion).
      this.deferred = xd;
      this.output = null;
      return x;
    }
    this.deferred = null;
    float[] y = yBuf.floats(xd.length);
    boolean fusedRelu = relu;
    Parallel.range(
        n,
        (from, to, worker) -> {
          for (int s = from; s < to; s++) {
            for (int ch = 0; ch < c; ch++) {
              int o = (s * c + ch) * hw;
              float sc = scale[ch];
              float sh = shift[ch];
              if (fusedRelu) {
                for (int i = o; i < o + hw; i++) {
                  // ReLU's own expression, so fused and separate passes agree bit for bit.
                  y[i] = Math.max(xd[i] * sc + sh, 0f);
                }
              } else {
                for (int i = o; i < o + hw; i++) {
                  y[i] = xd[i] * sc + sh;
                }
              }
            }
          }
        });
    this.output = y;
    return new Tensor(y, n, shape);
  }

  /** Backward in memory order, parallel over the samples (see {@link #forward}). */
  @Override
  public Tensor backward(Tensor gradOut) {
    if (precomputedGrad != null && gradOut.data() == precomputedGrad) {
      // The fused pool behind has already back-propagated through this layer (and its ReLU).
      precomputedGrad = null;
      return gradOut;
    }
    int n = gradOut.n();
    int c = shape.c();
    int hw = shape.h() * shape.w();
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(dy.length);
    float[] y = output;
    boolean fusedRelu = relu;
    float[] xd = input;
    float[] mu = mean;
    int workers = Math.min(Parallel.threads(), n);
    // First pass: the gradient entering the batch norm (dy, masked by the fused ReLU: kept where
    // the output is positive) goes to dx, and Σ d and Σ d·(x − μ) are taken per channel.
    gradMoments.reset(workers, c);
    Parallel.range(
        n,
        (from, to, worker) -> {
          double[] acc = gradMoments.partial(worker);
          for (int s = from; s < to; s++) {
            for (int ch = 0; ch < c; ch++) {
              int o = (s * c + ch) * hw;
              if (fusedRelu) {
                maskedSums(dy, y, xd, dx, o, hw, mu[ch], acc, 2 * ch);
              } else {
                System.arraycopy(dy, o, dx, o, hw);
                gradSums(dx, o, xd, o, hw, mu[ch], acc, 2 * ch);
              }
            }
          }
        });
    finishGradSums(n * hw);
    float[] scale = scaleBuf;
    float[] meanDy = shiftBuf;
    float[] kk = kBuf;
    boolean train = lastTraining;
    Parallel.range(
        n,
        (from, to, worker) -> {
          for (int s = from; s < to; s++) {
            for (int ch = 0; ch < c; ch++) {
              int o = (s * c + ch) * hw;
              float sc = scale[ch];
              if (!train) {
                for (int i = o; i < o + hw; i++) {
                  dx[i] *= sc;
                }
                continue;
              }
              // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), x̂ = (x − μ)/σ
              float md = meanDy[ch];
              float k = kk[ch];
              float mc = mu[ch];
              for (int i = o; i < o + hw; i++) {
                dx[i] = sc * (dx[i] - md - (xd[i] - mc) * k);
              }
            }
          }
        });
    return new Tensor(dx, n, shape);
  }

  /**
   * From the reduced Σ d and Σ d·(x − μ) over {@code m} values per channel: the parameter gradients,
   * and per channel γ/σ (in {@link #scaleBuf}), mean(d) ({@link #shiftBuf}) and mean(d·x̂)/σ
   * ({@link #kBuf}) for the input-gradient pass.
   */
  private void finishGradSums(int m) {
    int c = shape.c();
    double[] tot = sums(c);
    gradMoments.reduce(tot);
    if (scaleBuf.length != c) {
      scaleBuf = new float[c];
      shiftBuf = new float[c];
    }
    float[] kk = invStdGrad(c);
    float[] g = gamma.value();
    float[] dg = gamma.grad();
    float[] db = beta.grad();
    for (int ch = 0; ch < c; ch++) {
      float is = invStd[ch];
      double sumDy = tot[2 * ch];
      double sumDyXh = tot[2 * ch + 1] * is;
      dg[ch] = (float) sumDyXh;
      db[ch] = (float) sumDy;
      scaleBuf[ch] = g[ch] * is;
      shiftBuf[ch] = (float) (sumDy / m);
      kk[ch] = (float) (sumDyXh / m) * is;
    }
  }

  /**
   * The backward of this layer, its fused ReLU and a 2×2, stride-2 max pool behind them, from the
   * pool's output gradient {@code dy} and arg-max {@code arg} (indices into this layer's input).
   * The ReLU keeps a window's gradient where its maximum, recomputed with the forward's expression,
   * is positive. Every input that is no window's arg-max gets zero gradient from the pool, so the
   * separate passes' sums and input gradient are reproduced bit for bit: per plane, the kept
   * gradients are scattered into a zeroed plane in L1 and summed exactly as {@link #backward} sums
   * them; then every input gets the formula with d = +0, and each arg-max is rewritten with its d.
   *
   * @return the gradient with respect to this layer's input; {@link #backward} passes it through
   */
  Tensor backwardFromPool(float[] dy, int[] arg, int n, int pooledPlane) {
    int c = shape.c();
    int hw = shape.h() * shape.w();
    float[] xd = input;
    float[] mu = mean;
    float[] dx = dxBuf.floats(n * c * hw);
    int workers = Math.min(Parallel.threads(), n);
    if (planeBuf.length < workers) {
      planeBuf = java.util.Arrays.copyOf(planeBuf, workers);
    }
    float[][] planes = planeBuf;
    float[] fsc = fwdScale;
    float[] fsh = fwdShift;
    gradMoments.reset(workers, c);
    Parallel.range(
        n,
        (from, to, worker) -> {
          double[] acc = gradMoments.partial(worker);
          if (planes[worker] == null || planes[worker].length != hw) {
            planes[worker] = new float[hw];
          }
          float[] d = planes[worker];
          for (int s = from; s < to; s++) {
            for (int ch = 0; ch < c; ch++) {
              int o = (s * c + ch) * hw;
              int p = (s * c + ch) * pooledPlane;
              float sc = fsc[ch];
              float sh = fsh[ch];
              java.util.Arrays.fill(d, 0f);
              for (int i = p; i < p + pooledPlane; i++) {
                int a = arg[i];
                d[a - o] = keptGrad(dy[i], xd[a], sc, sh);
              }
              gradSums(d, 0, xd, o, hw, mu[ch], acc, 2 * ch);
            }
          }
        });
    finishGradSums(n * hw);
    float[] scale = scaleBuf;
    float[] meanDy = shiftBuf;
    float[] kk = kBuf;
    // Only a training forward defers to the pool, so this is the training-mode formula.
    Parallel.range(
        n * c,
        (from, to, worker) -> {
          for (int plane = from; plane < to; plane++) {
            int ch = plane % c;
            int o = plane * hw;
            int p = plane * pooledPlane;
            float sc = scale[ch];
            float md = meanDy[ch];
            float k = kk[ch];
            float mc = mu[ch];
            float base = 0f - md;
            for (int i = o; i < o + hw; i++) {
              dx[i] = sc * (base - (xd[i] - mc) * k);
            }
            float fs = fsc[ch];
            float fh = fsh[ch];
            for (int i = p; i < p + pooledPlane; i++) {
              int a = arg[i];
              float d = keptGrad(dy[i], xd[a], fs, fh);
              dx[a] = sc * (d - md - (xd[a] - mc) * k);
            }
          }
        });
    precomputedGrad = dx;
    return new Tensor(dx, n, shape);
  }

  private float[][] planeBuf = new float[0][];

  /**
   * The pool's gradient dy for a window whose arg-max input is x, through the fused ReLU: 0 + dy
   * (as the pool's scatter into a cleared plane gives: -0 becomes +0) where x · sc + sh is
   * positive, else +0.
   */
  private static float keptGrad(float dy, float x, float sc, float sh) {
    int keep = x * sc + sh > 0f ? -1 : 0;
    return Float.intBitsToFloat(Float.floatToRawIntBits(0f + dy) & keep);
  }

  private float[] kBuf = new float[0];

  private float[] invStdGrad(int c) {
    if (kBuf.length != c) {
      kBuf = new float[c];
    }
    return kBuf;
  }

  /**
   * d = dy where y &gt; 0 else 0 (the fused ReLU's backward, branch-free) into dx[o, o + len), and
   * acc[at] += Σ d, acc[at + 1] += Σ d·(x − mu), four float partial sums of each.
   */
  private static void maskedSums(
      float[] dy,
      float[] y,
      float[] x,
      float[] dx,
      int o,
      int len,
      float mu,
      double[] acc,
      int at) {
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 3 < end; i += 4) {
      // Outputs are +0 or positive; -bits >> 31 is all ones exactly for positive ones.
      float d0 =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(dy[i]) & (-Float.floatToRawIntBits(y[i]) >> 31));
      float d1 =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(dy[i + 1]) & (-Float.floatToRawIntBits(y[i + 1]) >> 31));
      float d2 =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(dy[i + 2]) & (-Float.floatToRawIntBits(y[i + 2]) >> 31));
      float d3 =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(dy[i + 3]) & (-Float.floatToRawIntBits(y[i + 3]) >> 31));
      dx[i] = d0;
      dx[i + 1] = d1;
      dx[i + 2] = d2;
      dx[i + 3] = d3;
      a0 += d0;
      a1 += d1;
      a2 += d2;
      a3 += d3;
      b0 += d0 * (x[i] - mu);
      b1 += d1 * (x[i + 1] - mu);
      b2 += d2 * (x[i + 2] - mu);
      b3 += d3 * (x[i + 3] - mu);
    }
    for (; i < end; i++) {
      float d =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(dy[i]) & (-Float.floatToRawIntBits(y[i]) >> 31));
      dx[i] = d;
      a0 += d;
      b0 += d * (x[i] - mu);
    }
    acc[at] += (a0 + a1) + (a2 + a3);
    acc[at + 1] += (b0 + b1) + (b2 + b3);
  }

  /**
   * acc[at] += Σ d, acc[at + 1] += Σ d·(x − mu) over d[dOff, dOff + len) and x[xOff, xOff + len),
   * four float partials each (the same lanes as {@link #maskedSums}).
   */
  private static void gradSums(
      float[] d, int dOff, float[] x, int xOff, int len, float mu, double[] acc, int at) {
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    int j = 0;
    for (; j + 3 < len; j += 4) {
      int i = dOff + j;
      int q = xOff + j;
      a0 += d[i];
      a1 += d[i + 1];
      a2 += d[i + 2];
      a3 += d[i + 3];
      b0 += d[i] * (x[q] - mu);
      b1 += d[i + 1] * (x[q + 1] - mu);
      b2 += d[i + 2] * (x[q + 2] - mu);
      b3 += d[i + 3] * (x[q + 3] - mu);
    }
    for (; j < len; j++) {
      a0 += d[dOff + j];
      b0 += d[dOff + j] * (x[xOff + j] - mu);
    }
    acc[at] += (a0 + a1) + (a2 + a3);
    acc[at + 1] += (b0 + b1) + (b2 + b3);
  }

  /**
   * Applies the ReLU that follows this layer inside its own passes (forward: in the normalising
   * pass; backward: as the first step), saving two passes over the activation. The ReLU layer stays
   * in the network (and in the export) and passes its data through.
   */
  void fuseRelu(ReLU next) {
    this.relu = true;
    next.markFused();
  }

  /**
   * With the ReLU fused, lets the 2×2 max pool behind it normalise, rectify and pool in one pass in
   * training (the full-size normalised activation is never written), and back-propagate through all
   * three in one ({@link #backwardFromPool}). Inference keeps the separate passes.
   */
  void fusePool(MaxPool2d next) {
    if (!relu) {
      throw new IllegalStateException("fuse the ReLU first");
    }
    this.pool = next;
    next.fuseBatchNorm(this);
  }

  /** Whether the last training forward left normalising {@code x} to the fused pool. */
  boolean deferredFor(float[] x) {
    return deferred != null && deferred == x;
  }

  /** y = x · scale[c] + shift[c] (before the ReLU) of the last forward. */
  float[] scale() {
    return fwdScale;
  }

  float[] shift() {
    return fwdShift;
  }

  /** Where a convolution in front puts the sums of its output ({@link Fusion}). */
  ChannelMoments moments() {
    return moments;
  }

  @Override
  public List<Param> params() {
    return List.of(gamma, beta);
  }

  @Override
  public List<Param> buffers() {
    return List.of(runningMean, runningVar);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    int c = shape.c();
    return ctx.node(
        "BatchNormalization",
        List.of(
            x,
            ctx.weight("bn_scale", gamma.value(), c),
            ctx.weight("bn_bias", beta.value(), c),
            ctx.weight("bn_mean", runningMean.value(), c),
            ctx.weight("bn_var", runningVar.value(), c)),
        Attr.f("epsilon", EPS));
  }

  @Override
  public String describe() {
    return "BatchNorm2d(" + shape.c() + ")";
  }
}
