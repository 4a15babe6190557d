package io.mcdrop.trainer.layers;

import io.mcdrop.onnx.build.Attr;
import io.mcdrop.trainer.tensor.Shape;
import io.mcdrop.trainer.tensor.Tensor;
import java.util.List;

/** (C, H, W) → (C·H·W): a no-op on NCHW data, a real Flatten node in ONNX. */
public final class Flatten implements Layer {
  private final Shape in;
  private final Shape out;

  public Flatten(Shape in) {
    this.in = in;
    this.out = Shape.flat(in.size());
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
    return x.reshape(out);
  }

  @Override
  public Tensor backward(Tensor gradOut) {
    return gradOut.reshape(in);
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.node("Flatten", List.of(x), Attr.i("axis", 1));
  }

  @Override
  public String describe() {
    return "Flatten";
  }
}
