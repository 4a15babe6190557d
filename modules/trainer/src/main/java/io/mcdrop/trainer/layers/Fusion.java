package io.mcdrop.trainer.layers;

import java.util.List;

/**
 * Training-time fusion of neighbouring layers, applied by {@link Network} to its chain of layers.
 * The layers stay in the network (so export, checkpoints and inference see the same graph); a fused
 * layer hands its work to a neighbour and passes data through.
 *
 * <ul>
 *   <li>BatchNorm2d → ReLU: the batch norm rectifies in its own passes, forward and backward.
 *   <li>Conv2d → BatchNorm2d: the convolution takes the batch norm's per-channel Σ x and Σ x² of
 *       each sample's output block right after its GEMM writes it (still in cache), so the batch
 *       norm skips a pass over the activation.
 *   <li>BatchNorm2d → ReLU → MaxPool2d(2, 2): in training the pool normalises, rectifies and pools
 *       in one pass (the full-size normalised activation is never written) and back-propagates
 *       through all three in one.
 * </ul>
 *
 * Every fusion gives the separate layers' results bit for bit (the same expressions, and sums in the
 * same order); {@code FusionTest} checks this.
 */
final class Fusion {
  private Fusion() {}

  static void apply(List<Layer> layers) {
    for (int i = 0; i + 1 < layers.size(); i++) {
      Layer a = layers.get(i);
      Layer b = layers.get(i + 1);
      if (a instanceof Conv2d conv && b instanceof BatchNorm2d bn) {
        conv.collectOutputMoments(bn.moments());
      }
      if (a instanceof BatchNorm2d bn && b instanceof ReLU relu) {
        bn.fuseRelu(relu);
        if (i + 2 < layers.size()
            && layers.get(i + 2) instanceof MaxPool2d pool
            && pool.fusesWithBatchNorm()) {
          bn.fusePool(pool);
        }
      }
    }
  }
}
