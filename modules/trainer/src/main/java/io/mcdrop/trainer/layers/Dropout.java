package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Shape;

/** Element-wise inverted dropout — exactly ONNX's Dropout. */
public final class Dropout extends MaskedDropout {
  public Dropout(Shape shape, double p, long seed) {
    super(shape, p, seed, "dropout");
  }

  @Override
  int unitSize(Shape shape) {
    return 1;
  }

  @Override
  public String kind() {
    return "standard";
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.dropout(x, rate());
  }

  @Override
  public String describe() {
    return "Dropout(" + rate() + ")";
  }
}
