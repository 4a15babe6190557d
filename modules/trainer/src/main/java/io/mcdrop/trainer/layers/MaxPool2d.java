package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.export.OnnxContext;
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
    float[] y = new float[n * out.size()];
    int[] arg = new int[y.length];
    int planes = n * in.c();
    int inPlane = in.h() * in.w();
    int outPlane = out.h() * out.w();
    for (int p = 0; p < planes; p++) {
      int iOff = p * inPlane;
      int oOff = p * outPlane;
      for (int oh = 0; oh < out.h(); oh++) {
        for (int ow = 0; ow < out.w(); ow++) {
          int best = iOff + (oh * stride) * in.w() + ow * stride;
          float bv = xd[best];
          for (int i = 0; i < k; i++) {
            int row = iOff + (oh * stride + i) * in.w() + ow * stride;
            for (int j = 0; j < k; j++) {
              if (xd[row + j] > bv) {
                bv = xd[row + j];
                best = row + j;
              }
            }
          }
          y[oOff + oh * out.w() + ow] = bv;
          arg[oOff + oh * out.w() + ow] = best;
        }
      }
    }
    argmax = arg;
    return new Tensor(y, n, out);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    float[] dy = gradOut.data();
    float[] dx = new float[gradOut.n() * in.size()];
    for (int i = 0; i < dy.length; i++) {
      dx[argmax[i]] += dy[i];
    }
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
