package io.mcdrop.trainer.optim;

import io.mcdrop.trainer.layers.Param;
import java.util.List;

/**
 * Updates parameters from their gradients. State (momentum buffers, moments) is allocated on first
 * use, one array per parameter, and is exposed for checkpoints.
 */
public interface Optimizer {
  void step(List<Param> params, double lr);

  /** The state arrays, in a stable order, allocating them if needed. */
  List<float[]> state(List<Param> params);

  /** A scalar counter (AdamW's step count), saved in checkpoints. */
  default long steps() {
    return 0;
  }

  default void setSteps(long steps) {}

  /** Optimizer kinds the CLI accepts. */
  enum Kind {
    SGD,
    ADAMW
  }
}
