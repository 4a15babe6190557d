package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.tensor.Parallel;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/** Max pooling with a square window and no padding (floor mode, as ONNX's default). */
public final class MaxPool2d implements Layer {
  private final Shape in;
  private final Shape out;
  private final int k;
  private final int stride;
  private int[] argmax;
  private float[][] rows = new float[0][];
  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();
  private final Scratch.Ints argBuf = new Scratch.Ints();

  public MaxPool2d(Shape in, int k, int stride) {
    this.in = in;
    this.k = k;
    this.stride = stride;
    this.out = PoolGeometry.output(in, k, stride);
  }

  @Override
  public Shape inputShape() {
    return in;
  }

  @Override
  public Shape outputShape() {
    return out;
  }

  @Override
  public Tensor forward(Tensor x, boolean training) {
    int n = x.n();
    float[] xd = x.data();
    float[] y = yBuf.floats(n * out.size());
    int planes = n * in.c();
    if (k == 2 && stride == 2) {
      // Branch-free maxima and arg-max (the compare-and-branch form mispredicts on every other
      // window of real activations).
      if (rows.length < Parallel.threads()) {
        rows = new float[Parallel.threads()][2 * out.w()];
      }
      float[][] tmp = rows;
      int[] arg2 = argBuf.ints(y.length);
      Parallel.range(planes, (pFrom, pTo, worker) -> pool2x2(xd, y, arg2, tmp[worker], pFrom, pTo));
      argmax = arg2;
      return new Tensor(y, n, out);
    }
    int[] arg = argBuf.ints(y.length);
    int inPlane = in.h() * in.w();
    int outPlane = out.h() * out.w();
    int ow0 = out.w();
    int iw0 = in.w();
    Parallel.range(
        planes,
        (pFrom, pTo, worker) -> {
          for (int p = pFrom; p < pTo; p++) {
            int iOff = p * inPlane;
            int oOff = p * outPlane;
            for (int oh = 0; oh < out.h(); oh++) {
              for (int ow = 0; ow < ow0; ow++) {
                int best = iOff + (oh * stride) * iw0 + ow * stride;
                float bv = xd[best];
                for (int i = 0; i < k; i++) {
                  int row = iOff + (oh * stride + i) * iw0 + ow * stride;
                  for (int j = 0; j < k; j++) {
                    if (xd[row + j] > bv) {
                      bv = xd[row + j];
                      best = row + j;
                    }
                  }
                }
                y[oOff + oh * ow0 + ow] = bv;
                arg[oOff + oh * ow0 + ow] = best;
              }
            }
          }
        });
    argmax = arg;
    return new Tensor(y, n, out);
  }

  /**
   * The common 2×2, stride-2 window: the maximum of the two rows first (a contiguous, vectorised
   * loop into a row of {@code tmp}), then of neighbouring pairs; the arg-max is the first element
   * equal to it in row-major order (the general loop's tie rule), found with masks.
   */
  private void pool2x2(float[] xd, float[] y, int[] arg, float[] tmp, int pFrom, int pTo) {
    int iw = in.w();
    int inPlane = in.h() * iw;
    int oh0 = out.h();
    int ow0 = out.w();
    int outPlane = oh0 * ow0;
    int w2 = 2 * ow0;
    for (int p = pFrom; p < pTo; p++) {
      for (int oh = 0; oh < oh0; oh++) {
        int r0 = p * inPlane + 2 * oh * iw;
        int r1 = r0 + iw;
        int o = p * outPlane + oh * ow0;
        for (int j = 0; j < w2; j++) {
          tmp[j] = Math.max(xd[r0 + j], xd[r1 + j]);
        }
        for (int ow = 0; ow < ow0; ow++) {
          float mf = Math.max(tmp[2 * ow], tmp[2 * ow + 1]);
          y[o + ow] = mf;
          int i = r0 + 2 * ow;
          int j = r1 + 2 * ow;
          int m = Float.floatToRawIntBits(mf + 0f);
          int e0 = same(xd[i], m);
          int e1 = same(xd[i + 1], m) & ~e0;
          int e2 = same(xd[j], m) & ~(e0 | e1);
          int e3 = ~(e0 | e1 | e2);
          arg[o + ow] = i + (e1 & 1) + (e2 & iw) + (e3 & (iw + 1));
        }
      }
    }
  }

  /**
   * All ones if v equals the maximum whose bits are {@code m}, else zero, without a branch. Adding
   * +0 turns -0 into +0, so this is float equality for every value but NaN.
   */
  private static int same(float v, int m) {
    int d = Float.floatToRawIntBits(v + 0f) ^ m;
    return ~((d | -d) >> 31);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(gradOut.n() * in.size());
    int planes = gradOut.n() * in.c();
    int[] arg = argmax;
    int inPlane = in.h() * in.w();
    int outPlane = out.h() * out.w();
    // Every arg-max lies in its own plane, so planes can be cleared and filled independently.
    Parallel.range(
        planes,
        (pFrom, pTo, worker) -> {
          java.util.Arrays.fill(dx, pFrom * inPlane, pTo * inPlane, 0f);
          for (int i = pFrom * outPlane; i < pTo * outPlane; i++) {
            dx[arg[i]] += dy[i];
          }
        });
    return new Tensor(dx, gradOut.n(), in);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.node(
        "MaxPool",
        List.of(x),
        Attr.ints("kernel_shape", k, k),
        Attr.ints("strides", stride, stride));
  }

  @Override
  public String describe() {
    return "MaxPool2d(k" + k + ", s" + stride + ")";
  }
}
