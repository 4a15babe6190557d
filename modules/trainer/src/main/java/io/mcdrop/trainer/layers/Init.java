package io.mcdrop.trainer.layers;

import io.mcdrop.trainer.tensor.Rng;

/** Weight initialisation shared by convolutions and linear layers. */
final class Init {
  private Init() {}

  /**
   * Uniform in ±1/√fan_in, PyTorch's default for Conv2d and Linear. He-normal (√(2/fan_in)) made
   * the first logits so large (initial loss ≈ 4 instead of ln 10) that dropout-regularised heads
   * lost many ReLU units in the first hundred steps.
   */
  static void uniformFanIn(float[] w, int fanIn, Rng rng) {
    double bound = 1.0 / Math.sqrt(fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }
}
