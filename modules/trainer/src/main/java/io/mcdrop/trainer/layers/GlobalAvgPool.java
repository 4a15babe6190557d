package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Scratch;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/** Mean over each channel's H×W plane: (C, H, W) → (C, 1, 1). */
public final class GlobalAvgPool implements Layer {
  private final Scratch yBuf = new Scratch();
  private final Scratch dxBuf = new Scratch();
  private final Shape in;
  private final Shape out;

  public GlobalAvgPool(Shape in) {
    this.in = in;
    this.out = new Shape(in.c(), 1, 1);
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
    int planes = x.n() * in.c();
    int hw = in.h() * in.w();
    float[] xd = x.data();
    float[] y = yBuf.floats(planes);
    for (int p = 0; p < planes; p++) {
      double acc = 0;
      for (int i = 0; i < hw; i++) {
        acc += xd[p * hw + i];
      }
      y[p] = (float) (acc / hw);
    }
    return new Tensor(y, x.n(), out);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    int planes = gradOut.n() * in.c();
    int hw = in.h() * in.w();
    float[] dy = gradOut.data();
    float[] dx = dxBuf.floats(planes * hw);
    for (int p = 0; p < planes; p++) {
      float g = dy[p] / hw;
      java.util.Arrays.fill(dx, p * hw, (p + 1) * hw, g);
    }
    return new Tensor(dx, gradOut.n(), in);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.node("GlobalAveragePool", List.of(x));
  }

  @Override
  public String describe() {
    return "GlobalAvgPool";
  }
}
