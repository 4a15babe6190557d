package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.kernels.Kernels;
import io.mcdrop.trainer.kernels.SumKernels;
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
  private static final SumKernels SUMS = Kernels.sums();

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
      // Σ x and Σ x² per channel: per plane in float (eight partial sums, see SumKernels), across
      // planes and workers in double.
      double[][] parts = partials(workers, c);
      Parallel.range(
          n,
          (from, to, worker) -> {
            double[] acc = parts[worker];
            for (int s = from; s < to; s++) {
              for (int ch = 0; ch < c; ch++) {
                SUMS.moments(xd, (s * c + ch) * hw, hw, acc, 2 * ch);
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
                SUMS.maskedSums(dy, y, xd, dx, o, hw, mu[ch], acc, 2 * ch);
              } else {
                System.arraycopy(dy, o, dx, o, hw);
                SUMS.gradSums(dx, xd, o, hw, mu[ch], acc, 2 * ch);
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
