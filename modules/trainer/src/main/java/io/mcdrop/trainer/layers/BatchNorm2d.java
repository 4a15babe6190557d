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

  /** Per-worker partial sums per channel (two per channel), kept across steps. */
  private double[][] partials = new double[0][];

  private double[][] partials(int workers, int c) {
    if (partials.length < workers) {
      partials = new double[workers][];
    }
    for (int w = 0; w < workers; w++) {
      if (partials[w] == null || partials[w].length != 2 * c) {
        partials[w] = new double[2 * c];
      }
      java.util.Arrays.fill(partials[w], 0);
    }
    return partials;
  }

  /**
   * Sums the workers' partials in worker order into {@code into} (deterministic for a thread
   * count).
   */
  private static void reduce(double[][] parts, int workers, double[] into) {
    System.arraycopy(parts[0], 0, into, 0, into.length);
    for (int w = 1; w < workers; w++) {
      for (int i = 0; i < into.length; i++) {
        into[i] += parts[w][i];
      }
    }
  }

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
    float[] y = yBuf.floats(xd.length);
    float[] mu = muBuf.floats(c);
    float[] inv = invBuf.floats(c);
    float[] g = gamma.value();
    float[] b = beta.value();
    float[] rm = runningMean.value();
    float[] rv = runningVar.value();
    int m = n * hw;
    int workers = Math.min(Parallel.threads(), n);
    if (training) {
      // Σ x and Σ x² per channel: per plane in float (eight independent partial sums, so the
      // adds do not wait on each other), across planes and workers in double.
      double[][] parts = partials(workers, c);
      Parallel.range(
          n,
          (from, to, worker) -> {
            double[] acc = parts[worker];
            for (int s = from; s < to; s++) {
              for (int ch = 0; ch < c; ch++) {
                planeMoments(xd, (s * c + ch) * hw, hw, acc, 2 * ch);
              }
            }
          });
      double[] tot = sums(c);
      reduce(parts, workers, tot);
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
    if (scaleBuf.length != c) {
      scaleBuf = new float[c];
      shiftBuf = new float[c];
    }
    float[] scale = scaleBuf;
    float[] shift = shiftBuf;
    for (int ch = 0; ch < c; ch++) {
      scale[ch] = g[ch] * inv[ch];
      shift[ch] = b[ch] - mu[ch] * scale[ch];
    }
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
    this.input = xd;
    this.output = y;
    this.mean = mu;
    this.invStd = inv;
    this.lastTraining = training;
    return new Tensor(y, n, shape);
  }

  /** acc[at] += Σ x and acc[at + 1] += Σ x² over x[o, o + len), eight float partials each. */
  private static void planeMoments(float[] x, int o, int len, double[] acc, int at) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    float q0 = 0f, q1 = 0f, q2 = 0f, q3 = 0f, q4 = 0f, q5 = 0f, q6 = 0f, q7 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 7 < end; i += 8) {
      float v0 = x[i], v1 = x[i + 1], v2 = x[i + 2], v3 = x[i + 3];
      float v4 = x[i + 4], v5 = x[i + 5], v6 = x[i + 6], v7 = x[i + 7];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      s4 += v4;
      s5 += v5;
      s6 += v6;
      s7 += v7;
      q0 += v0 * v0;
      q1 += v1 * v1;
      q2 += v2 * v2;
      q3 += v3 * v3;
      q4 += v4 * v4;
      q5 += v5 * v5;
      q6 += v6 * v6;
      q7 += v7 * v7;
    }
    for (; i < end; i++) {
      float v = x[i];
      s0 += v;
      q0 += v * v;
    }
    acc[at] += ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    acc[at + 1] += ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
  }

  /** Backward in memory order, parallel over the samples (see {@link #forward}). */
  @Override
  public Tensor backward(Tensor gradOut) {
    int n = gradOut.n();
    int c = shape.c();
    int hw = shape.h() * shape.w();
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(dy.length);
    float[] y = output;
    boolean fusedRelu = relu;
    float[] g = gamma.value();
    float[] dg = gamma.grad();
    float[] db = beta.grad();
    float[] xd = input;
    float[] mu = mean;
    int m = n * hw;
    int workers = Math.min(Parallel.threads(), n);
    // First pass: the gradient entering the batch norm (dy, masked by the fused ReLU: kept where
    // the output is positive) goes to dx, and Σ d and Σ d·(x − μ) are taken per channel.
    double[][] parts = partials(workers, c);
    Parallel.range(
        n,
        (from, to, worker) -> {
          double[] acc = parts[worker];
          for (int s = from; s < to; s++) {
            for (int ch = 0; ch < c; ch++) {
              int o = (s * c + ch) * hw;
              if (fusedRelu) {
                maskedSums(dy, y, xd, dx, o, hw, mu[ch], acc, 2 * ch);
              } else {
                System.arraycopy(dy, o, dx, o, hw);
                gradSums(dx, xd, o, hw, mu[ch], acc, 2 * ch);
              }
            }
          }
        });
    double[] tot = sums(c);
    reduce(parts, workers, tot);
    if (scaleBuf.length != c) {
      scaleBuf = new float[c];
      shiftBuf = new float[c];
    }
    float[] scale = scaleBuf;
    float[] meanDy = shiftBuf;
    float[] kk = invStdGrad(c);
    for (int ch = 0; ch < c; ch++) {
      float is = invStd[ch];
      double sumDy = tot[2 * ch];
      double sumDyXh = tot[2 * ch + 1] * is;
      dg[ch] = (float) sumDyXh;
      db[ch] = (float) sumDy;
      scale[ch] = g[ch] * is;
      meanDy[ch] = (float) (sumDy / m);
      kk[ch] = (float) (sumDyXh / m) * is;
    }
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

  /** acc[at] += Σ d, acc[at + 1] += Σ d·(x − mu) over [o, o + len), four float partials each. */
  private static void gradSums(
      float[] d, float[] x, int o, int len, float mu, double[] acc, int at) {
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
    int i = o;
    int end = o + len;
    for (; i + 3 < end; i += 4) {
      a0 += d[i];
      a1 += d[i + 1];
      a2 += d[i + 2];
      a3 += d[i + 3];
      b0 += d[i] * (x[i] - mu);
      b1 += d[i + 1] * (x[i + 1] - mu);
      b2 += d[i + 2] * (x[i + 2] - mu);
      b3 += d[i + 3] * (x[i + 3] - mu);
    }
    for (; i < end; i++) {
      a0 += d[i];
      b0 += d[i] * (x[i] - mu);
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
