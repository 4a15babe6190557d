package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/** Average pooling with a square window and no padding. */
public final class AvgPool2d implements Layer {
  private final Shape in;
  private final Shape out;
  private final int k;
  private final int stride;
  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();

  public AvgPool2d(Shape in, int k, int stride) {
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
    float inv = 1f / (k * k);
    int planes = n * in.c();
    for (int p = 0; p < planes; p++) {
      int iOff = p * in.h() * in.w();
      int oOff = p * out.h() * out.w();
      for (int oh = 0; oh < out.h(); oh++) {
        for (int ow = 0; ow < out.w(); ow++) {
          float acc = 0f;
          for (int i = 0; i < k; i++) {
            int row = iOff + (oh * stride + i) * in.w() + ow * stride;
            for (int j = 0; j < k; j++) {
              acc += xd[row + j];
            }
          }
          y[oOff + oh * out.w() + ow] = acc * inv;
        }
      }
    }
    return new Tensor(y, n, out);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    float[] dy = gradOut.data();
    float[] dx = dxBuf.zeros(gradOut.n() * in.size());
    float inv = 1f / (k * k);
    int planes = gradOut.n() * in.c();
    for (int p = 0; p < planes; p++) {
      int iOff = p * in.h() * in.w();
      int oOff = p * out.h() * out.w();
      for (int oh = 0; oh < out.h(); oh++) {
        for (int ow = 0; ow < out.w(); ow++) {
          float g = dy[oOff + oh * out.w() + ow] * inv;
          for (int i = 0; i < k; i++) {
            int row = iOff + (oh * stride + i) * in.w() + ow * stride;
            for (int j = 0; j < k; j++) {
              dx[row + j] += g;
            }
          }
        }
      }
    }
    return new Tensor(dx, gradOut.n(), in);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.node(
        "AveragePool",
        List.of(x),
        Attr.ints("kernel_shape", k, k),
        Attr.ints("strides", stride, stride));
  }

  @Override
  public String describe() {
    return "AvgPool2d(k" + k + ", s" + stride + ")";
  }
}
