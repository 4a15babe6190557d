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
    int[] arg = argBuf.ints(y.length);
    int planes = n * in.c();
    int inPlane = in.h() * in.w();
    int outPlane = out.h() * out.w();
    int ow0 = out.w();
    int iw0 = in.w();
    Parallel.range(
        planes,
        (pFrom, pTo, worker) -> {
          if (k == 2 && stride == 2) {
            pool2x2(xd, y, arg, pFrom, pTo);
            return;
          }
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
   * The common 2×2, stride-2 window without the generic loops; same result, including ties (the
   * first maximum in row-major order wins).
   */
  private void pool2x2(float[] xd, float[] y, int[] arg, int pFrom, int pTo) {
    int iw = in.w();
    int inPlane = in.h() * iw;
    int oh0 = out.h();
    int ow0 = out.w();
    int outPlane = oh0 * ow0;
    for (int p = pFrom; p < pTo; p++) {
      for (int oh = 0; oh < oh0; oh++) {
        int r0 = p * inPlane + 2 * oh * iw;
        int r1 = r0 + iw;
        int o = p * outPlane + oh * ow0;
        for (int ow = 0; ow < ow0; ow++) {
          int i = r0 + 2 * ow;
          int best = i;
          float bv = xd[i];
          if (xd[i + 1] > bv) {
            bv = xd[i + 1];
            best = i + 1;
          }
          int j = r1 + 2 * ow;
          if (xd[j] > bv) {
            bv = xd[j];
            best = j;
          }
          if (xd[j + 1] > bv) {
            bv = xd[j + 1];
            best = j + 1;
          }
          y[o + ow] = bv;
          arg[o + ow] = best;
        }
      }
    }
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(gradOut.n() * in.size());
    int[] arg = argmax;
    int planes = gradOut.n() * in.c();
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
