package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Shape;

/**
 * Channel dropout (PyTorch's Dropout2d): each (sample, channel) plane is zeroed with probability p.
 * Neighbouring activations in a feature map are strongly correlated, so dropping single pixels
 * regularises convolutions little; dropping whole maps does.
 */
public final class SpatialDropout extends MaskedDropout {
  public SpatialDropout(Shape shape, double p, long seed) {
    super(shape, p, seed, "spatial dropout");
  }

  @Override
  int unitSize(Shape shape) {
    return shape.h() * shape.w();
  }

  @Override
  public String kind() {
    return "spatial";
  }

  @Override
  public String toOnnx(OnnxContext ctx, String x) {
    return ctx.spatialDropout(x, rate());
  }

  @Override
  public String describe() {
    return "SpatialDropout(" + rate() + ")";
  }
}
