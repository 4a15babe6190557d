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
    Parallel.range(
        c,
        (from, to, worker) -> {
          for (int ch = from; ch < to; ch++) {
            double mean;
            double var;
            if (training) {
              // One pass for sum and sum of squares: per-plane float partials are exact enough
              // for planes of a few thousand values, and the accumulation across planes is double.
              double sum = 0;
              double sq = 0;
              for (int s = 0; s < n; s++) {
                int o = (s * c + ch) * hw;
                float ps = 0f;
                float pq = 0f;
                for (int i = 0; i < hw; i++) {
                  float v = xd[o + i];
                  ps += v;
                  pq += v * v;
                }
                sum += ps;
                sq += pq;
              }
              mean = sum / m;
              var = Math.max(0, sq / m - mean * mean);
              double unbiased = m > 1 ? var * m / (m - 1) : var;
              rm[ch] = (float) ((1 - MOMENTUM) * rm[ch] + MOMENTUM * mean);
              rv[ch] = (float) ((1 - MOMENTUM) * rv[ch] + MOMENTUM * unbiased);
            } else {
              mean = rm[ch];
              var = rv[ch];
            }
            float is = (float) (1.0 / Math.sqrt(var + EPS));
            float mf = (float) mean;
            mu[ch] = mf;
            inv[ch] = is;
            float scale = g[ch] * is;
            float shift = b[ch] - mf * scale;
            for (int s = 0; s < n; s++) {
              int o = (s * c + ch) * hw;
              if (relu) {
                for (int i = 0; i < hw; i++) {
                  // ReLU's own branch-free form, so fused and separate passes agree bit for bit.
                  int bits = Float.floatToRawIntBits(xd[o + i] * scale + shift);
                  y[o + i] = Float.intBitsToFloat(bits & ~(bits >> 31));
                }
              } else {
                for (int i = 0; i < hw; i++) {
                  y[o + i] = xd[o + i] * scale + shift;
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

  @Override
  public Tensor backward(Tensor gradOut) {
    int n = gradOut.n();
    int c = shape.c();
    int hw = shape.h() * shape.w();
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(dy.length);
    if (relu) {
      // The fused ReLU's backward: keep dy where the output is positive, in the same pass order
      // as ReLU.backward (in place, as ReLU does).
      float[] y = output;
      Parallel.elements(
          dy.length,
          (from, to, worker) -> {
            for (int i = from; i < to; i++) {
              int keep = -Float.floatToRawIntBits(y[i]) >> 31;
              dy[i] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[i]) & keep);
            }
          });
    }
    float[] g = gamma.value();
    float[] dg = gamma.grad();
    float[] db = beta.grad();
    float[] xd = input;
    int m = n * hw;
    Parallel.range(
        c,
        (from, to, worker) -> {
          for (int ch = from; ch < to; ch++) {
            float mu = mean[ch];
            float is = invStd[ch];
            double sumDy = 0;
            double sumDyXh = 0;
            for (int s = 0; s < n; s++) {
              int o = (s * c + ch) * hw;
              float a = 0f;
              float bq = 0f;
              for (int i = 0; i < hw; i++) {
                float d = dy[o + i];
                a += d;
                bq += d * (xd[o + i] - mu);
              }
              sumDy += a;
              sumDyXh += bq;
            }
            sumDyXh *= is;
            dg[ch] = (float) sumDyXh;
            db[ch] = (float) sumDy;
            float scale = g[ch] * is;
            if (!lastTraining) {
              for (int s = 0; s < n; s++) {
                int o = (s * c + ch) * hw;
                for (int i = 0; i < hw; i++) {
                  dx[o + i] = dy[o + i] * scale;
                }
              }
              continue;
            }
            // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), x̂ = (x − μ)/σ
            float meanDy = (float) (sumDy / m);
            float k = (float) (sumDyXh / m) * is;
            for (int s = 0; s < n; s++) {
              int o = (s * c + ch) * hw;
              for (int i = 0; i < hw; i++) {
                dx[o + i] = scale * (dy[o + i] - meanDy - (xd[o + i] - mu) * k);
              }
            }
          }
        });
    return new Tensor(dx, n, shape);
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
