package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.tensor.Gemm;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Rng;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/**
 * Fully connected layer y = x·Wᵀ + b with W stored [out, in] (PyTorch's and ONNX Gemm's layout).
 */
public final class Linear implements Layer {
  private final Shape in;
  private final Shape out;
  private final Param weight;
  private final Param bias;
  private boolean needsInputGrad = true;
  private Tensor input;
  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();
  private final Scratch dytBuf = new Scratch();

  public Linear(Shape in, int outFeatures, Rng rng) {
    if (!in.isFlat()) {
      throw new IllegalArgumentException("Linear needs a flat input, got " + in);
    }
    this.in = in;
    this.out = Shape.flat(outFeatures);
    int fanIn = in.c();
    float[] w = new float[outFeatures * fanIn];
    Init.uniformFanIn(w, fanIn, rng);
    this.weight = Param.trainable("weight", w, true);
    this.bias = Param.trainable("bias", new float[outFeatures], false);
  }

  @Override
  public Shape inputShape() {
    return in;
  }

  @Override
  public Shape outputShape() {
    return out;
  }

  public Param weight() {
    return weight;
  }

  public Param bias() {
    return bias;
  }

  @Override
  public void setNeedsInputGrad(boolean needed) {
    this.needsInputGrad = needed;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    input = x;
    int n = x.n();
    int o = out.c();
    int i = in.c();
    float[] y = yBuf.floats(n * o);
    float[] b = bias.value();
    float[] xd = x.data();
    float[] w = weight.value();
    // Blocks of output features in parallel: Y[:, cols] = X · W[cols]ᵀ + b[cols]. Each worker
    // reads only its rows of W (the large operand, 3 MB for 3136→256), not all of it.
    rows(
        o,
        (long) n * o * i,
        (from, to, worker) -> {
          for (int s = 0; s < n; s++) {
            System.arraycopy(b, from, y, s * o + from, to - from);
          }
          Gemm.mul(false, true, n, to - from, i, 1f, xd, 0, i, w, from * i, i, 1f, y, from, o);
        });
    return new Tensor(y, n, out);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    int n = gradOut.n();
    int o = out.c();
    int i = in.c();
    float[] dy = gradOut.data();
    float[] xd = input.data();
    float[] w = weight.value();
    float[] dw = weight.grad();
    // dW[out, in] = dYᵀ[out, N] · X[N, in], in blocks of output rows: dY is transposed first (it
    // is small), so that each block's operand is contiguous.
    float[] dyt = dytBuf.floats(n * o);
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < o; j++) {
        dyt[j * n + s] = dy[s * o + j];
      }
    }
    rows(
        o,
        (long) n * o * i,
        (from, to, worker) ->
            Gemm.mul(false, false, to - from, i, n, 1f, dyt, from * n, xd, 0, 0f, dw, from * i));
    float[] db = bias.grad();
    java.util.Arrays.fill(db, 0f);
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < o; j++) {
        db[j] += dy[s * o + j];
      }
    }
    if (!needsInputGrad) {
      return null;
    }
    float[] dx = dxBuf.floats(n * i);
    // dX[rows] = dY[rows] · W
    rows(
        n,
        (long) n * o * i,
        (from, to, worker) ->
            Gemm.mul(false, false, to - from, i, o, 1f, dy, from * o, w, 0, 0f, dx, from * i));
    return new Tensor(dx, n, in);
  }

  /**
   * Runs {@code body} over [0, rows) on all workers when the product ({@code macs} multiply-adds)
   * is big enough to pay for the hand-off, else on the calling thread (the head's 256→10 layer).
   */
  private static void rows(int rows, long macs, Parallel.RangeBody body) {
    if (macs >= MIN_PARALLEL_MACS) {
      Parallel.range(rows, body);
    } else {
      body.run(0, rows, 0);
    }
  }

  private static final long MIN_PARALLEL_MACS = 1 << 20;

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.node(
        "Gemm",
        List.of(
            x,
            ctx.weight("fc_w", weight.value(), out.c(), in.c()),
            ctx.weight("fc_b", bias.value(), out.c())),
        Attr.i("transB", 1));
  }

  @Override
  public String describe() {
    return "Linear(" + in.c() + "->" + out.c() + ")";
  }
}
